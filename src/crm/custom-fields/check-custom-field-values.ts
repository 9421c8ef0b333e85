import type { Types } from 'mongoose';
import { invalidField } from '../../errors.js';
import { calendarDateSchema } from '../calendar-date.js';
import type { CustomFieldDefinitionDoc } from '../models/custom-field-definition.js';
import { normalizePhone } from '../normalize-phone.js';
import { listCustomFieldDefinitions } from './list-custom-field-definitions.js';

type Values = Record<string, unknown>;

/**
 * Checks a create's or a patch's custom fields against the tenant's definitions and returns them as
 * stored (phones as digits). Refused, naming the field: an unknown or archived field, a value of the
 * wrong type, an option not offered, a required field missing on create or cleared by a patch.
 * `stored` (a patch) lets a record keep an option that has since been archived. `null` deletes.
 */
export async function checkCustomFieldValues(
  tenantId: Types.ObjectId,
  values: Values,
  options: { creating: boolean; stored?: unknown },
): Promise<Values> {
  const definitions = new Map((await listCustomFieldDefinitions(tenantId, { includeArchived: true })).map((d) => [d.key, d]));
  const stored = isRecord(options.stored) ? options.stored : {};
  const checked = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    const path = `customFields.${key}`;
    const definition = definitions.get(key);
    if (value === null) {
      if (definition?.required && !definition.archived) throw invalidField(path, 'is required and cannot be cleared');
      if (!options.creating) checked.set(key, null);
      continue;
    }
    if (!definition) throw invalidField(path, 'no such custom field');
    if (definition.archived) throw invalidField(path, 'this custom field is archived');
    checked.set(key, checkValue(definition, value, stored[key], path));
  }
  if (options.creating) {
    for (const definition of definitions.values()) {
      if (definition.required && !definition.archived && isBlank(checked.get(definition.key))) {
        throw invalidField(`customFields.${definition.key}`, 'is required');
      }
    }
  }
  return Object.fromEntries(checked);
}

function checkValue(definition: CustomFieldDefinitionDoc, value: unknown, stored: unknown, path: string): unknown {
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') throw invalidField(path, 'must be text');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(path, 'must be a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidField(path, 'must be true or false');
      return value;
    case 'date':
      if (typeof value !== 'string' || !calendarDateSchema.safeParse(value).success) throw invalidField(path, 'must be a date YYYY-MM-DD');
      return value;
    case 'phone': {
      const digits = typeof value === 'string' && /^[+\d][\d\s\-()]{2,30}$/.test(value) ? normalizePhone(value) : '';
      if (!digits) throw invalidField(path, 'must be a phone number');
      return digits;
    }
    case 'single':
      if (typeof value !== 'string') throw invalidField(path, 'must be one option value');
      checkOption(definition, value, [stored], path);
      return value;
    case 'multi': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidField(path, 'must be a list of option values');
      const list = [...new Set(value as string[])];
      const kept = Array.isArray(stored) ? stored : [];
      for (const v of list) checkOption(definition, v, kept, path);
      return list;
    }
  }
}

/** An offered option, or an archived one the record already holds (resaving a form must not fail). */
function checkOption(definition: CustomFieldDefinitionDoc, value: string, alreadyHeld: unknown[], path: string): void {
  const option = definition.options.find((o) => o.value === value);
  if (!option || (option.archived && !alreadyHeld.includes(value))) {
    const offered = definition.options.filter((o) => !o.archived).map((o) => o.value);
    throw invalidField(path, `"${value}" is not an option (one of: ${offered.join(', ')})`);
  }
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
