import { inject, type InjectionKey } from 'vue';
import type { CrmApi } from '../api/crm-api.js';
import type { Me } from '../api/api-types.js';
import type { SharedLink } from '../platform/sidebar-platform.js';

export interface SidebarContext {
  api: CrmApi;
  me: Me;
  /** Sends a link card into the chat, where the host can (WeCom); otherwise the link is shown to copy. */
  shareLink?: (link: SharedLink) => Promise<void>;
}

export const SIDEBAR: InjectionKey<SidebarContext> = Symbol('sidebar');

export function useSidebar(): SidebarContext {
  const ctx = inject(SIDEBAR);
  if (!ctx) throw new Error('useSidebar() outside the ready sidebar');
  return ctx;
}
