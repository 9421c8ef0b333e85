import { ApiError, NetworkError } from '../api/http-client.js';
import { PlatformError, type PlatformFailure } from '../platform/sidebar-platform.js';

export type FailureKind = PlatformFailure | 'network' | 'notFound' | 'forbidden' | 'error';

export interface Failure {
  kind: FailureKind;
  /** What the platform said (agentConfig:fail …): shown, an admin needs it to fix the settings. */
  reason?: string;
  /** The raw HTTP failure: kept out of the text, under "technical details". */
  technical?: string;
  /** Whether a retry button can help (it cannot when an admin must change settings first). */
  retryable: boolean;
}

/** Maps whatever stopped the boot to the screen that explains it. Never a blank page. */
export function describeFailure(err: unknown): Failure {
  if (err instanceof PlatformError) {
    return {
      kind: err.kind,
      reason: err.reason,
      retryable: err.kind === 'agentConfigFailed' || err.kind === 'authFailed',
    };
  }
  if (err instanceof NetworkError) return { kind: 'network', technical: err.message, retryable: true };
  if (err instanceof ApiError) {
    const technical = `${err.status} ${err.code}: ${err.message}`;
    if (err.status === 401) return { kind: 'authFailed', technical, retryable: true };
    if (err.status === 403) return { kind: 'forbidden', technical, retryable: false };
    if (err.status === 404) return { kind: 'notFound', technical, retryable: true };
    return { kind: 'error', technical, retryable: true };
  }
  return { kind: 'error', technical: err instanceof Error ? err.message : String(err), retryable: true };
}
