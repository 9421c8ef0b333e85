import type { DirectoryPerson, DirectorySnapshot } from '../../../crm/org/directory-snapshot.js';
import type { WecomUser } from '../api/api-schemas.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';

/** user/list status: 1 active, 4 not yet activated are members; 2 disabled and 5 exited are not. */
const MEMBER_STATUSES: readonly number[] = [1, 4];

export const isWecomMember = (u: Pick<WecomUser, 'status'>) => u.status === undefined || MEMBER_STATUSES.includes(u.status);

/** A WeCom member (user/list, user/get) in the directory's words. */
export function wecomDirectoryPerson(u: WecomUser): DirectoryPerson {
  return {
    userId: u.userid,
    name: u.name,
    departmentExternalIds: u.department.map(String),
    ...(u.position ? { position: u.position } : {}),
    ...(u.mobile ? { mobile: u.mobile } : {}),
    managerUserId: u.direct_leader?.[0] ?? '',
  };
}

/**
 * The corp's address book as the app sees it (its visible range): department/list for the tree,
 * then user/list with fetch_child from each top department of that range.
 */
export async function fetchWecomDirectory(client: WecomApiClient): Promise<DirectorySnapshot> {
  const departments = await client.listDepartments();
  const ids = new Set(departments.map((d) => d.id));
  const tops = departments.filter((d) => !ids.has(d.parentid) || d.parentid === d.id);
  const people = new Map<string, DirectoryPerson>();
  for (const top of tops) {
    for (const u of await client.listUsers(top.id)) {
      if (!people.has(u.userid) && isWecomMember(u)) people.set(u.userid, wecomDirectoryPerson(u));
    }
  }
  return {
    platform: 'wecom',
    departments: departments.map((d) => ({ externalId: String(d.id), name: d.name, parentExternalId: ids.has(d.parentid) && d.parentid !== d.id ? String(d.parentid) : null, order: d.order })),
    people: [...people.values()],
  };
}
