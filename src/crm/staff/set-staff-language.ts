import { z } from 'zod';
import type { Actor } from '../actor.js';
import { Staff } from '../models/staff.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { NotFound } from '../../errors.js';

const languageSchema = z.object({ language: z.enum(['zh', 'en']).nullable() });

/**
 * The language a staff member's chat replies are written in ('zh' | 'en'), or null to follow
 * each command's own language. A person sets their own; audited.
 */
export async function setStaffLanguage(actor: Actor, rawLanguage: 'zh' | 'en' | null): Promise<void> {
  const { language } = parseInput(languageSchema, { language: rawLanguage });
  if (!actor.staffId) throw new NotFound('staff member');
  const before = await Staff.findOneAndUpdate(
    { tenantId: actor.tenantId, _id: actor.staffId },
    language === null ? { $unset: { language: 1 } } : { $set: { language } },
  ).lean();
  if (!before) throw new NotFound('staff member');
  await recordAudit(actor, {
    action: 'staff.language',
    entity: 'staff',
    entityId: before._id,
    before: { language: before.language ?? null },
    after: { language },
  });
}
