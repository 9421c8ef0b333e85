import type { Actor } from '../actor.js';
import { Handover } from '../models/handover.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { handoverView, type HandoverView } from './handover-view.js';
import { assertCan } from '../permissions/access-of.js';

/** The newest handovers first: the whole company for admins, their departments' for managers. */
export async function listHandovers(actor: Actor): Promise<HandoverView[]> {
  assertCan(actor, 'handover', 'view', 'handovers are made by managers and admins');
  const visible = await visibleStaffIds(actor);
  const rows = await Handover.find({ tenantId: actor.tenantId, ...(visible === 'all' ? {} : { fromStaffId: { $in: visible } }) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(200)
    .lean();
  return rows.map((h) => handoverView(h));
}
