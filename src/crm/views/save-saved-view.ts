import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Forbidden, invalidField, NotFound } from '../../errors.js';
import { listCustomFieldDefinitions } from '../custom-fields/list-custom-field-definitions.js';
import { SavedView, type SavedViewDoc } from '../models/saved-view.js';
import { parseInput } from '../../parse-input.js';
import { compileCustomerFilter } from '../query/compile-customer-filter.js';
import { STANDARD_QUERY_FIELDS } from '../query/customer-query-fields.js';
import { recordAudit } from '../record-audit.js';
import { createSavedViewSchema, updateSavedViewSchema, type CreateSavedViewInput, type UpdateSavedViewInput } from './saved-view-input.js';
import { can } from '../permissions/access-of.js';

/** Saves a personal view, or (managers and admins) one shared with the tenant. */
export async function createSavedView(actor: Actor, rawInput: CreateSavedViewInput): Promise<SavedViewDoc> {
  const input = parseInput(createSavedViewSchema, rawInput);
  if (!actor.staffId) throw new Forbidden('views belong to a staff member');
  await checkView(actor, input);
  const view = await SavedView.create({ tenantId: actor.tenantId, ownerId: actor.staffId, ...input, columns: input.columns ?? [], shared: input.shared ?? false });
  await recordAudit(actor, { action: 'view.create', entity: 'saved_view', entityId: view._id, before: null, after: view.toObject() });
  return view;
}

/** Changes a view; only its owner (or an admin, for shared views) may. */
export async function updateSavedView(actor: Actor, viewId: string, rawPatch: UpdateSavedViewInput): Promise<SavedViewDoc> {
  const patch = parseInput(updateSavedViewSchema, rawPatch);
  const view = await findEditableView(actor, viewId);
  await checkView(actor, patch);
  const before = view.toObject();
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) view.set(key, value);
  if (patch.filter) view.markModified('filter');
  if (!view.isModified()) return view;
  await view.save();
  await recordAudit(actor, { action: 'view.update', entity: 'saved_view', entityId: view._id, before, after: view.toObject() });
  return view;
}

export async function deleteSavedView(actor: Actor, viewId: string): Promise<void> {
  const view = await findEditableView(actor, viewId);
  await view.deleteOne();
  await recordAudit(actor, { action: 'view.delete', entity: 'saved_view', entityId: view._id, before: view.toObject(), after: null });
}

async function findEditableView(actor: Actor, viewId: string): Promise<SavedViewDoc> {
  if (!Types.ObjectId.isValid(viewId)) throw new NotFound('view');
  const view = await SavedView.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(viewId) });
  const mine = view && actor.staffId?.equals(view.ownerId);
  if (!view || (!mine && !view.shared)) throw new NotFound('view');
  if (!mine && !can(actor, 'views', 'admin')) throw new Forbidden('only its owner or an admin may change a shared view');
  return view;
}

/** The filter must compile (fields, operators, values) and the columns must exist, as when it runs. */
async function checkView(actor: Actor, view: { filter?: Parameters<typeof compileCustomerFilter>[1]; columns?: string[]; shared?: boolean }): Promise<void> {
  if (view.shared && !can(actor, 'views', 'approve')) throw new Forbidden('shared: only managers and admins share views with the company');
  if (view.filter) await compileCustomerFilter(actor, view.filter);
  if (view.columns?.length) {
    const custom = new Set((await listCustomFieldDefinitions(actor.tenantId, { includeArchived: true })).map((d) => `custom.${d.key}`));
    for (const [i, column] of view.columns.entries()) {
      if (!Object.hasOwn(STANDARD_QUERY_FIELDS, column) && !custom.has(column)) throw invalidField(`columns.${i}`, `no field "${column}"`);
    }
  }
}
