import { createHttpClient, fetchBlob } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  source: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}
export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  limit: number;
}
export interface AuditFilters {
  actor: string;
  entity: string;
  action: string;
  from: string;
  to: string;
}

/** The filters as the audit routes read them; empty ones are left out. */
export function auditQuery(filters: AuditFilters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (String(value).trim()) params.set(key, String(value).trim());
  return params.toString();
}

/** The admin audit log page signs in like the other admin pages. */
export function createAuditApi(href: string) {
  const platform = selectPlatform(readLaunchParams(href));
  const tokens = createSession(platform);
  const http = createHttpClient({ tokens, isOffline: () => platform.isOffline() });
  return {
    list: (filters: AuditFilters, page: number, limit: number) => http.get<AuditPage>(`/api/admin/audit?${auditQuery(filters, { page, limit })}`),
    export: (filters: AuditFilters, format: 'csv' | 'xlsx') => fetchBlob(tokens, `/api/admin/audit/export?${auditQuery(filters, { format })}`),
  };
}
