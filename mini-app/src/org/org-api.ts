import { createHttpClient } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

// One definition of each payload, shared with the server that builds it (type-only: nothing is bundled).
import type { DepartmentNode } from '../../../src/crm/org/departments.js';
import type { DirectoryPlatform } from '../../../src/crm/org/directory-snapshot.js';
import type { StaffEntry } from '../../../src/crm/org/staff-directory.js';
import type { DirectorySyncResult } from '../../../src/crm/org/sync-directory.js';

export type { DepartmentNode, DirectoryPlatform, DirectorySyncResult, StaffEntry };
export type { FieldChange } from '../../../src/crm/org/plan-directory-sync.js';

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
