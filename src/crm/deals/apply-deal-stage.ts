import { InvalidInput } from '../../errors.js';
import type { DealStageDefinition } from '../models/tenant.js';

interface StagedDeal {
  stage: string;
  probability: number;
  probabilityOverridden?: boolean | null;
  lostReason?: string | null;
  closedAt?: Date | null;
}

/**
 * Puts a deal in a stage: the probability follows the stage default unless overridden (`null`
 * returns to the default), a lost stage needs a lost reason, closing stamps closedAt and reopening clears it.
 */
export function applyDealStage(deal: StagedDeal, stage: DealStageDefinition, probability: number | null | undefined, now: Date): void {
  if (stage.closed && !stage.won && !deal.lostReason) {
    throw new InvalidInput(`lostReason: required when a deal moves to ${stage.name}`, [{ path: 'lostReason', message: 'required for a lost deal' }]);
  }
  if (deal.stage !== stage.key) {
    deal.closedAt = stage.closed ? now : null;
    deal.stage = stage.key;
  }
  if (!(stage.closed && !stage.won) && deal.lostReason) deal.lostReason = null;
  if (probability !== undefined && probability !== null) {
    deal.probability = probability;
    deal.probabilityOverridden = true;
  } else if (probability === null || !deal.probabilityOverridden || stage.closed) {
    // Won is 100 and lost is 0 whatever was overridden before.
    deal.probability = stage.probability;
    deal.probabilityOverridden = false;
  }
}
