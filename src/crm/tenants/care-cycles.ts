import { z } from 'zod';
import type { Actor } from '../actor.js';
import { Tenant } from '../models/tenant.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import type { CareCycle } from '../reminders-delivery/create-care-reminders.js';
import { assertCan } from '../permissions/access-of.js';

export const careCyclesSchema = z
  .object({
    cycles: z
      .array(z.object({ level: z.string().trim().min(1).max(40), everyDays: z.number().int().min(1).max(3650) }).strict())
      .max(50)
      .superRefine((cycles, ctx) => {
        const seen = new Set<string>();
        cycles.forEach((c, i) => {
          if (seen.has(c.level)) ctx.addIssue({ code: 'custom', path: [i, 'level'], message: `level "${c.level}" has two cycles` });
          seen.add(c.level);
        });
      }),
  })
  .strict();

export async function getCareCycles(actor: Actor): Promise<CareCycle[]> {
  const tenant = await Tenant.findById(actor.tenantId, { service: 1 }).lean();
  return ((tenant?.service?.careCycles ?? []) as CareCycle[]).map(({ level, everyDays }) => ({ level, everyDays }));
}

/** Replaces the tenant's after-sale care cycles (admins); audited. */
export async function setCareCycles(actor: Actor, raw: unknown): Promise<CareCycle[]> {
  assertCan(actor, 'settings', 'admin', 'care cycles are set by tenant admins');
  const { cycles } = parseInput(careCyclesSchema, raw);
  const before = await getCareCycles(actor);
  await Tenant.updateOne({ _id: actor.tenantId }, { $set: { 'service.careCycles': cycles } });
  await recordAudit(actor, { action: 'settings.care_cycles', entity: 'tenant', entityId: actor.tenantId, before: { cycles: before }, after: { cycles } });
  return cycles;
}
