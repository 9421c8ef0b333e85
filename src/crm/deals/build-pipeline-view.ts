import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { Deal } from '../models/deal.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { forecastForActor } from './forecast-for-actor.js';
import type { PipelineView } from './pipeline-view.js';
import { getSalesSettings } from './sales-settings.js';
import { assertCan } from '../permissions/access-of.js';

/**
 * The dashboard's pipeline panel for a manager or admin: open deals per stage by amount (the
 * funnel) and the month's and quarter's forecast (the one forecast of forecastForActor), over the
 * staff the viewer may see, in the tenant's currency. Index: deals {tenantId, ownerId, stage}.
 */
export async function buildPipelineView(actor: Actor, now: Date): Promise<PipelineView> {
  assertCan(actor, 'dashboard', 'view', 'the team dashboard is for managers and admins');
  const settings = await getSalesSettings(actor.tenantId);
  const owners = await visibleStaffIds(actor);
  const open = settings.dealStages.filter((s) => !s.closed);
  const [rows, month, quarter] = await Promise.all([
    Deal.aggregate<{ _id: string; deals: number; amount: number }>([
      {
        $match: {
          tenantId: actor.tenantId,
          ...(owners === 'all' ? {} : { ownerId: { $in: owners as Types.ObjectId[] } }),
          stage: { $in: open.map((s) => s.key) },
          currency: settings.defaultCurrency,
          deletedAt: null,
        },
      },
      { $group: { _id: '$stage', deals: { $sum: 1 }, amount: { $sum: '$amount' } } },
    ]),
    forecastForActor(actor, { unit: 'month', now }),
    forecastForActor(actor, { unit: 'quarter', now }),
  ]);
  const byStage = new Map(rows.map((r) => [r._id, r]));
  return {
    generatedAt: now.toISOString(),
    currency: settings.defaultCurrency,
    stages: open.map((s) => ({ key: s.key, name: s.name, probability: s.probability, deals: byStage.get(s.key)?.deals ?? 0, amount: byStage.get(s.key)?.amount ?? 0 })),
    forecast: [month, quarter].map((f) => ({
      unit: f.period.unit,
      key: f.period.key,
      pipeline: f.total.pipeline,
      weighted: f.total.weighted,
      commit: f.total.commit,
      won: f.total.won,
    })),
  };
}
