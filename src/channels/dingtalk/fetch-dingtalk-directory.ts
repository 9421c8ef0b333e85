import type { DirectoryDepartment, DirectoryPerson, DirectorySnapshot } from '../../crm/org/directory-snapshot.js';
import type { DingTalkApiClient } from './dingtalk-api-client.js';

const ROOT = '1';
const MAX_DEPARTMENTS = 20_000;

/**
 * The organisation's address book: department 1 (the company), its sub-departments level by level
 * (listsub), and each department's members (user/list, paged); someone in several departments is
 * listed once with all of them.
 */
export async function fetchDingTalkDirectory(client: DingTalkApiClient): Promise<DirectorySnapshot> {
  const root = await client.getDepartment(ROOT);
  const departments: DirectoryDepartment[] = root ? [{ externalId: ROOT, name: root.name, parentExternalId: null, order: 0 }] : [];
  const queue = [ROOT];
  while (queue.length && departments.length < MAX_DEPARTMENTS) {
    const parent = queue.shift()!;
    const children = await client.listSubDepartments(parent);
    children.forEach((d, order) => {
      departments.push({ externalId: d.deptId, name: d.name, parentExternalId: parent, order });
      queue.push(d.deptId);
    });
  }
  const people = new Map<string, DirectoryPerson>();
  for (const d of departments) {
    for (const u of await client.listDepartmentUsers(d.externalId)) {
      if (u.active === false || people.has(u.userid)) continue;
      people.set(u.userid, {
        userId: u.userid,
        name: u.name,
        departmentExternalIds: u.deptIds,
        ...(u.title ? { position: u.title } : {}),
        ...(u.mobile ? { mobile: u.mobile } : {}),
      });
    }
  }
  return { platform: 'dingtalk', departments, people: [...people.values()] };
}
