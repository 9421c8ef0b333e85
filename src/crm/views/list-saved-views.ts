import { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { NotFound } from '../../errors.js';
import { SavedView, type SavedViewDoc } from '../models/saved-view.js';

/** The actor's own views and those shared with the tenant, by name. */
export async function listSavedViews(actor: Actor): Promise<SavedViewDoc[]> {
  const visible: Record<string, unknown>[] = [{ shared: true }];
  if (actor.staffId) visible.push({ ownerId: actor.staffId });
  return SavedView.find({ tenantId: actor.tenantId, $or: visible }).sort({ name: 1, _id: 1 });
}

/** A view the actor may run: their own or a shared one. */
export async function findVisibleSavedView(actor: Actor, viewId: string): Promise<SavedViewDoc> {
  if (!Types.ObjectId.isValid(viewId)) throw new NotFound('view');
  const view = await SavedView.findOne({ tenantId: actor.tenantId, _id: new Types.ObjectId(viewId) });
  if (!view || (!view.shared && !actor.staffId?.equals(view.ownerId))) throw new NotFound('view');
  return view;
}
