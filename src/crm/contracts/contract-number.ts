/**
 * Renders a tenant's contract number format: {yyyy} {yy} {mm} from the date (tenant time zone, as
 * YYYY-MM-DD) and {seq:N} zero-padded to N digits. The scope is the number with its sequence left
 * out: numbers count from 1 within it (HT-{yyyy}-{seq:4} restarts every year).
 */
export function contractNumberScope(format: string, date: string): string {
  return fill(format, date).replace(/\{seq(?::\d)?\}/g, '#');
}

export function formatContractNumber(format: string, date: string, seq: number): string {
  return fill(format, date).replace(/\{seq(?::(\d))?\}/g, (_, width?: string) => String(seq).padStart(Number(width ?? 1), '0'));
}

function fill(format: string, date: string): string {
  return format.replaceAll('{yyyy}', date.slice(0, 4)).replaceAll('{yy}', date.slice(2, 4)).replaceAll('{mm}', date.slice(5, 7));
}
