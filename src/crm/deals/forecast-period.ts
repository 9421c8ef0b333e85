import { DateTime } from 'luxon';

export type ForecastUnit = 'month' | 'quarter';
export const FORECAST_UNITS: readonly ForecastUnit[] = ['month', 'quarter'];

/** A calendar month or quarter as dates YYYY-MM-DD: `from` inclusive, `to` exclusive (the next period's first day). */
export interface ForecastPeriod {
  unit: ForecastUnit;
  /** 2026-12 or 2026-Q4. */
  key: string;
  from: string;
  to: string;
}

/** The month or quarter containing `today` (YYYY-MM-DD, already in the tenant's zone). */
export function forecastPeriodContaining(unit: ForecastUnit, today: string): ForecastPeriod {
  const day = DateTime.fromISO(today, { zone: 'UTC' });
  const start = day.startOf(unit);
  const next = start.plus(unit === 'month' ? { months: 1 } : { months: 3 });
  const key = unit === 'month' ? start.toFormat('yyyy-MM') : `${start.year}-Q${start.quarter}`;
  return { unit, key, from: start.toISODate()!, to: next.toISODate()! };
}
