import { inject, type InjectionKey } from 'vue';
import type { CrmApi } from '../api/crm-api.js';
import type { Me } from '../api/api-types.js';

export interface SidebarContext {
  api: CrmApi;
  me: Me;
}

export const SIDEBAR: InjectionKey<SidebarContext> = Symbol('sidebar');

export function useSidebar(): SidebarContext {
  const ctx = inject(SIDEBAR);
  if (!ctx) throw new Error('useSidebar() outside the ready sidebar');
  return ctx;
}
