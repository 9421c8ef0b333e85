/** Why a spreadsheet cell cannot be imported as text (the row is rejected with this reason). */
export class CellProblem extends Error {}

/**
 * The text of one exceljs cell value: formulas give their cached result (a formula Excel never
 * calculated has none and is refused), rich text its plain text, hyperlinks their text, dates an
 * ISO date (or date-time), error values (#N/A…) are refused.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (!('result' in v) || v.result === undefined || v.result === null) {
        throw new CellProblem(`formula =${String(v.formula ?? v.sharedFormula)} has no calculated value (open and save the file in Excel, or paste values)`);
      }
      return cellText(v.result);
    }
    if (Array.isArray(v.richText)) return v.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
    if ('text' in v && 'hyperlink' in v) return cellText(v.text);
    if ('error' in v) throw new CellProblem(`cell holds the error ${String(v.error)}`);
  }
  return String(value);
}

function numberText(n: number): string {
  // Long digit strings (phone numbers typed as numbers) must not turn into 1.38e+10.
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
