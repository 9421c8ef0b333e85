import type { CrmApi } from '../api/crm-api.js';

/** Why the platform cannot give us a staff identity or a current client; each has its own screen. */
export type PlatformFailure =
  | 'notInWeCom'
  | 'agentConfigFailed'
  | 'noPermission'
  | 'noContactContext'
  | 'authFailed'
  | 'devLoginDisabled';

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformFailure,
    /** The platform's own words (errMsg, entry, HTTP code), shown to help an admin. */
    readonly reason: string,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'PlatformError';
  }
}

/** A link card for the chat: what the client sees before opening it. */
export interface SharedLink {
  url: string;
  title: string;
  desc: string;
}

/**
 * Everything the sidebar needs from its host. WeCom implements it with the JS-SDK and OAuth;
 * dev mode with a stubbed context, so the same app runs in any browser.
 */
export interface SidebarPlatform {
  readonly mode: 'wecom' | 'dev';
  /** Throws PlatformError('notInWeCom') before any network call when the page cannot work here. */
  assertHost(): void;
  /** A token restored from this tab's storage, if any. */
  storedToken(): string | null;
  /** A fresh JWT for the staff member; may navigate away for an OAuth round-trip and never resolve. */
  login(): Promise<string>;
  /** Registers the JS-SDK, checks the entry and returns the current external contact's id. */
  currentExternalContact(api: CrmApi): Promise<string>;
  /**
   * Puts a link card into the current chat (WeCom `sendChatMessage`, news). Absent where the host
   * cannot: the caller shows the link to copy instead.
   */
  shareLink?(link: SharedLink): Promise<void>;
  /** Dev mode can pretend the network is down until the user taps retry. */
  isOffline(): boolean;
  onRetry(): void;
}
