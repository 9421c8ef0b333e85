import { Types } from 'mongoose';
import { Customer } from '../models/customer.js';
import { Prediction } from '../models/prediction.js';
import { IMPORTANT_SEGMENTS } from '../segments/rfm-segments.js';
import { memberName, TOP_LIMIT } from './digest-helpers.js';
import type { DigestTeam } from './digest-team.js';
import type { AtRiskImportantItem } from './digest-types.js';

/** A churn risk from this probability on counts as high (the 高 of riskLevel). */
export const HIGH_CHURN = 0.6;

/**
 * 流失风险高的重要客户: the team's customers in an important RFM segment whose latest churn score
 * (nightly, or on demand) is high, riskiest first, with the score's reasons. Null when none.
 */
export async function atRiskImportantSection(team: DigestTeam): Promise<{ total: number; top: AtRiskImportantItem[] } | null> {
  const customers = await Customer.find(
    { tenantId: team.tenantId, deletedAt: null, ownerId: { $in: [...team.memberIds].map((id) => new Types.ObjectId(id)) }, 'rfm.segment': { $in: IMPORTANT_SEGMENTS } },
    { code: 1, name: 1, ownerId: 1, rfm: 1 },
  ).lean();
  if (customers.length === 0) return null;
  const scores = await Prediction.find({ tenantId: team.tenantId, kind: 'churn', subjectId: { $in: customers.map((c) => c._id) }, probability: { $gte: HIGH_CHURN } }).lean();
  if (scores.length === 0) return null;
  const byId = new Map(customers.map((c) => [String(c._id), c]));
  scores.sort((a, b) => b.probability - a.probability);
  return {
    total: scores.length,
    top: scores.slice(0, TOP_LIMIT).map((s) => {
      const c = byId.get(String(s.subjectId))!;
      return {
        code: c.code,
        name: c.name,
        ownerName: memberName(team, String(c.ownerId)),
        segment: c.rfm!.segment,
        probability: s.probability,
        reasons: s.reasons.filter((r) => r.effect === 'up').map((r) => r.text ?? ''),
        modelVersion: s.modelVersion,
      };
    }),
  };
}
