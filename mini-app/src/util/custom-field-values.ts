import type { CustomFieldDefinition } from '../api/api-types.js';

type Values = Record<string, unknown>;

/** A definition's or option's label in the sidebar's language. */
export const fieldLabel = (l: { zh: string; en: string }, lang: string) => (lang === 'en' ? l.en : l.zh);

/** The form's starting values: what the client has, else empty of the right shape. */
export function draftOf(definitions: CustomFieldDefinition[], values: Values = {}): Values {
  return Object.fromEntries(definitions.map((d) => [d.key, values[d.key] ?? (d.type === 'multi' ? [] : d.type === 'boolean' ? null : '')]));
}

/** What a form changed against `before`: emptied fields become null (removed), numbers are numbers. */
export function changedValues(definitions: CustomFieldDefinition[], draft: Values, before: Values = {}): Values {
  const out: Values = {};
  for (const d of definitions) {
    let next = draft[d.key];
    if (next === '' || next === undefined || (Array.isArray(next) && next.length === 0)) next = null;
    if (d.type === 'number' && typeof next === 'string') next = Number(next);
    if (JSON.stringify(next) !== JSON.stringify(before[d.key] ?? null)) out[d.key] = next;
  }
  return out;
}
