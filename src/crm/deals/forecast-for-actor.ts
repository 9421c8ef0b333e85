import { z } from 'zod';
import type { Actor } from '../actor.js';
import { todayIn } from '../calendar-date.js';
import { visibleStaffIds } from '../resolve-data-scope.js';
import { staffNamesById } from '../staff/staff-names-by-id.js';
import { closedDealRows, openForecastRows, periodInstants, summarizeForecast, type DealForecast } from './forecast-deals.js';
import { FORECAST_UNITS, forecastPeriodContaining, type ForecastUnit } from './forecast-period.js';
import { getSalesSettings } from './sales-settings.js';
import { assertCan } from '../permissions/access-of.js';

/** `GET /api/deals/forecast?period=month|quarter[&at=ISO instant]` (`at` defaults to now). */
export const forecastQuerySchema = z
  .object({
    period: z.enum(FORECAST_UNITS).default('month'),
    at: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
  })
  .strict();

/**
 * The manager forecast (REST and /预测): this month's or quarter's open deals weighted by their
 * probability, the commit, and what was won, per owner, over the staff the actor may see (their
 * departments, or the tenant for an admin). Salespeople are refused with `refusal`.
 */
export async function forecastForActor(
  actor: Actor,
  input: { unit: ForecastUnit; now: Date; refusal?: string },
): Promise<DealForecast> {
  assertCan(actor, 'dashboard', 'view', input.refusal ?? 'the forecast is for managers and admins');
  const settings = await getSalesSettings(actor.tenantId);
  const owners = await visibleStaffIds(actor);
  const period = forecastPeriodContaining(input.unit, todayIn(settings.timezone, input.now));
  const [open, closed] = await Promise.all([
    openForecastRows({ tenantId: actor.tenantId, owners, stages: settings.dealStages, period }),
    closedDealRows({ tenantId: actor.tenantId, owners, stages: settings.dealStages, range: periodInstants(period, settings.timezone) }),
  ]);
  const names = await staffNamesById(actor.tenantId, new Set([...open, ...closed].map((r) => r.ownerId)));
  return summarizeForecast({ period, currency: settings.defaultCurrency, open, closed, names });
}
