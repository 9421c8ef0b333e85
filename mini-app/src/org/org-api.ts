import { createHttpClient } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  members: number;
  children: DepartmentNode[];
}
export interface StaffEntry {
  id: string;
  userId: string;
  name: string;
  position: string | null;
  departments: string[];
  managerId: string | null;
  role: string;
  active: boolean;
}
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}
export type DirectoryPlatform = 'wecom' | 'dingtalk';
export interface DirectorySyncResult {
  platform: DirectoryPlatform;
  dryRun: boolean;
  departments: { create: { externalId: string; name: string; parent: string | null }[]; update: { id: string; name: string; changes: FieldChange[] }[] };
  staff: {
    create: { userId: string; name: string; departments: string[] }[];
    update: { id: string; userId: string; name: string; changes: FieldChange[] }[];
    deactivate: { id: string; userId: string; name: string }[];
    inactive: { id: string; userId: string; name: string }[];
  };
  warnings: string[];
  applied: Record<string, number>;
}

/** The organisation page signs in like the other admin pages. */
export function createOrgApi(href: string) {
  const platform = selectPlatform(readLaunchParams(href));
  const http = createHttpClient({ tokens: createSession(platform), isOffline: () => platform.isOffline() });
  return {
    departments: async () => (await http.get<{ items: DepartmentNode[] }>('/api/admin/departments')).items,
    staff: async () => (await http.get<{ items: StaffEntry[] }>('/api/admin/staff')).items,
    updateStaff: (id: string, body: Partial<Pick<StaffEntry, 'role' | 'active'>>) => http.patch<StaffEntry>(`/api/admin/staff/${encodeURIComponent(id)}`, body),
    sync: (platform: DirectoryPlatform, dryRun: boolean) => http.post<DirectorySyncResult>('/api/admin/directory/sync', { platform, dryRun }),
  };
}
