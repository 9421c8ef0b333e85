import { Types } from 'mongoose';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { Department, type DepartmentRecord } from '../models/department.js';
import { Staff } from '../models/staff.js';
import { recordAudit } from '../record-audit.js';
import { createDepartmentSchema, updateDepartmentSchema } from './org-input.js';
import { requireAdmin } from './require-admin.js';

export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  order: number;
  members: number;
  children: DepartmentNode[];
}

type Stored = DepartmentRecord & { _id: Types.ObjectId };

/** The company's department tree with active member counts, siblings by order then name. */
export async function listDepartmentTree(actor: Actor): Promise<DepartmentNode[]> {
  requireAdmin(actor, 'view');
  const [departments, staff] = await Promise.all([
    Department.find({ tenantId: actor.tenantId }).lean<Stored[]>(),
    Staff.find({ tenantId: actor.tenantId, active: true }, { departments: 1 }).lean(),
  ]);
  const members = new Map<string, number>();
  for (const s of staff) for (const d of s.departments) members.set(d, (members.get(d) ?? 0) + 1);
  const nodes = new Map(departments.map((d) => [String(d._id), { id: String(d._id), name: d.name, parentId: d.parentId ? String(d.parentId) : null, order: d.order, members: members.get(d.name) ?? 0, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) (node.parentId && nodes.get(node.parentId) ? nodes.get(node.parentId)!.children : roots).push(node);
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh'));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

async function parentOf(actor: Actor, parentId: string | null | undefined): Promise<Types.ObjectId | null> {
  if (!parentId) return null;
  const parent = await Department.exists({ tenantId: actor.tenantId, _id: new Types.ObjectId(parentId) });
  if (!parent) throw new InvalidInput('parentId: no such department in this company', [{ path: 'parentId', message: 'no such department' }]);
  return parent._id;
}

export async function createDepartment(actor: Actor, raw: unknown) {
  requireAdmin(actor, 'create');
  const input = parseInput(createDepartmentSchema, raw);
  if (await Department.exists({ tenantId: actor.tenantId, name: input.name })) throw new Conflict(`name: a department "${input.name}" already exists`);
  const department = await Department.create({ tenantId: actor.tenantId, name: input.name, parentId: await parentOf(actor, input.parentId), order: input.order ?? 0 });
  await recordAudit(actor, { action: 'department.create', entity: 'department', entityId: department._id, before: null, after: department.toObject() });
  return department;
}

/**
 * Renames or moves a department. A move under itself or one of its own descendants would make
 * a cycle and is refused; a rename is carried to every member's departments.
 */
export async function updateDepartment(actor: Actor, id: string, raw: unknown) {
  requireAdmin(actor, 'edit');
  const input = parseInput(updateDepartmentSchema, raw);
  const department = Types.ObjectId.isValid(id) ? await Department.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(id) }) : null;
  if (!department) throw new NotFound('department');
  const before = department.toObject();
  if (input.parentId !== undefined) {
    const parentId = await parentOf(actor, input.parentId);
    for (let at = parentId; at; ) {
      if (at.equals(department._id)) throw new Conflict('parentId: a department cannot move under itself or one of its own sub-departments');
      at = (await Department.findOne({ tenantId: actor.tenantId, _id: at }, { parentId: 1 }).lean())?.parentId ?? null;
    }
    department.parentId = parentId;
  }
  if (input.order !== undefined) department.order = input.order;
  const oldName = department.name;
  if (input.name !== undefined && input.name !== oldName) {
    if (await Department.exists({ tenantId: actor.tenantId, name: input.name })) throw new Conflict(`name: a department "${input.name}" already exists`);
    department.name = input.name;
  }
  await department.save();
  if (department.name !== oldName) {
    await Staff.updateMany({ tenantId: actor.tenantId, departments: oldName }, { $set: { 'departments.$': department.name } });
  }
  await recordAudit(actor, { action: 'department.update', entity: 'department', entityId: department._id, before, after: department.toObject() });
  return department;
}
