import { Types, type FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { invalidField } from '../../errors.js';
import { calendarDateSchema } from '../calendar-date.js';
import { listCustomFieldDefinitions } from '../custom-fields/list-custom-field-definitions.js';
import { escapeRegExp } from '../customers/search-text.js';
import type { CustomFieldDefinitionDoc } from '../models/custom-field-definition.js';
import type { CustomerRecord } from '../models/customer.js';
import { normalizePhone } from '../normalize-phone.js';
import { staffIdsInDepartments } from '../resolve-data-scope.js';
import { resolveStage } from '../stages.js';
import { getTenantStages } from '../tenants/get-tenant.js';
import type { FilterCondition, FilterGroup } from './customer-filter-schema.js';
import { OPERATORS_BY_KIND, STANDARD_QUERY_FIELDS, type QueryField, type QueryFieldKind } from './customer-query-fields.js';

type Mongo = FilterQuery<CustomerRecord>;
const MAX_DEPTH = 5;
const MATCH_NOTHING: Mongo = { _id: { $exists: false } };

interface Context {
  actor: Actor;
  customFields: Map<string, CustomFieldDefinitionDoc>;
  stageKey: (input: string) => string;
}

/**
 * Turns a validated filter shape into a MongoDB condition. Paths come only from the field catalogue
 * or a defined custom field's key, operators only from the table below, and every value is checked
 * against its field's type and then used as a literal ($eq, $in, an escaped regex): nothing the
 * caller sends becomes an operator or a path. The caller ANDs the result with the data scope.
 */
export async function compileCustomerFilter(actor: Actor, filter: FilterGroup, path = 'filter'): Promise<Mongo> {
  const [definitions, stages] = await Promise.all([
    listCustomFieldDefinitions(actor.tenantId, { includeArchived: true }),
    getTenantStages(actor.tenantId),
  ]);
  const context: Context = {
    actor,
    customFields: new Map(definitions.map((d) => [d.key, d])),
    stageKey: (input) => resolveStage(stages, input).key,
  };
  return compileGroup(context, filter, path, 1);
}

async function compileGroup(context: Context, group: FilterGroup, path: string, depth: number): Promise<Mongo> {
  if (depth > MAX_DEPTH) throw invalidField(path, `groups nest at most ${MAX_DEPTH} deep`);
  const parts: Mongo[] = [];
  for (const [i, item] of group.conditions.entries()) {
    const at = `${path}.conditions.${i}`;
    parts.push('op' in item ? await compileGroup(context, item, at, depth + 1) : await compileCondition(context, item, at));
  }
  // An empty AND is "everything", an empty OR "nothing" (as every/some on an empty list).
  if (parts.length === 0) return group.op === 'and' ? {} : MATCH_NOTHING;
  if (parts.length === 1) return parts[0]!;
  return group.op === 'and' ? { $and: parts } : { $or: parts };
}

async function compileCondition(context: Context, condition: FilterCondition, at: string): Promise<Mongo> {
  const field = resolveField(context, condition.field, `${at}.field`);
  const { operator } = condition;
  if (!OPERATORS_BY_KIND[field.kind].includes(operator)) {
    throw invalidField(`${at}.operator`, `"${operator}" does not apply to ${condition.field} (${field.kind}); use one of ${OPERATORS_BY_KIND[field.kind].join(', ')}`);
  }
  const valuePath = `${at}.value`;
  if (operator === 'exists' || operator === 'empty') {
    const wanted = parse(z.boolean(), condition.value, valuePath);
    if (operator === 'exists') return { [field.path]: wanted ? { $ne: null } : { $eq: null } };
    const blanks: Mongo[] = [{ [field.path]: { $eq: null } }];
    if (field.kind === 'text') blanks.push({ [field.path]: { $eq: '' } });
    if (field.array) blanks.push({ [field.path]: { $size: 0 } });
    return wanted ? { $or: blanks } : { $nor: blanks };
  }
  const scalar = (value: unknown, p: string) => checkValue(context, field, value, p);
  if (operator === 'in' || operator === 'nin') {
    const list = parse(z.array(z.unknown()).min(1).max(100), condition.value, valuePath).map((v, i) => scalar(v, `${valuePath}.${i}`));
    return field.kind === 'department' ? ownerInDepartments(context, list as string[], operator === 'in') : { [field.path]: { [`$${operator}`]: list } };
  }
  if (operator === 'between') {
    const [low, high] = parse(z.tuple([z.unknown(), z.unknown()]), condition.value, valuePath);
    return { [field.path]: { $gte: scalar(low, `${valuePath}.0`), $lte: scalar(high, `${valuePath}.1`) } };
  }
  const value = scalar(condition.value, valuePath);
  if (field.kind === 'department') return ownerInDepartments(context, [value as string], operator === 'eq');
  if (operator === 'contains') {
    // A literal substring: the value is escaped, so regex syntax in it matches itself.
    return { [field.path]: field.kind === 'phone' ? { $regex: escapeRegExp(value as string) } : { $regex: escapeRegExp(value as string), $options: 'i' } };
  }
  return { [field.path]: { [`$${operator}`]: value } };
}

function resolveField(context: Context, name: string, at: string): QueryField {
  if (name.startsWith('custom.')) {
    const definition = context.customFields.get(name.slice('custom.'.length));
    if (!definition) throw invalidField(at, `no custom field "${name.slice('custom.'.length)}"`);
    return customQueryField(definition);
  }
  if (!Object.hasOwn(STANDARD_QUERY_FIELDS, name)) {
    throw invalidField(at, `unknown field "${name}"; use one of ${Object.keys(STANDARD_QUERY_FIELDS).join(', ')} or custom.<key>`);
  }
  return STANDARD_QUERY_FIELDS[name]!;
}

const CUSTOM_KINDS: Record<CustomFieldDefinitionDoc['type'], QueryFieldKind> = {
  single: 'option', multi: 'options', text: 'text', number: 'number', date: 'date', phone: 'phone', boolean: 'boolean',
};

function customQueryField(definition: CustomFieldDefinitionDoc): QueryField {
  return {
    path: `customFields.${definition.key}`,
    kind: CUSTOM_KINDS[definition.type],
    array: definition.type === 'multi',
    options: definition.options.map((o) => o.value),
  };
}

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

function checkValue(context: Context, field: QueryField, value: unknown, at: string): unknown {
  switch (field.kind) {
    case 'text':
      return parse(z.string().max(1000), value, at);
    case 'phone': {
      const digits = normalizePhone(parse(z.string().max(40), value, at));
      if (!digits) throw invalidField(at, 'must contain digits of a phone number');
      return digits;
    }
    case 'option': {
      const text = parse(z.string().min(1).max(100), value, at);
      if (field.path === 'stage') return withPath(at, () => context.stageKey(text));
      if (field.options && !field.options.includes(text)) throw invalidField(at, `"${text}" is not an option (one of: ${field.options.join(', ')})`);
      return text;
    }
    case 'options': {
      const text = parse(z.string().min(1).max(100), value, at);
      if (field.options && !field.options.includes(text)) throw invalidField(at, `"${text}" is not an option (one of: ${field.options.join(', ')})`);
      return text;
    }
    case 'number':
      return parse(z.number().finite(), value, at);
    case 'date':
      return parse(calendarDateSchema, value, at);
    case 'instant':
      return parse(instant, value, at);
    case 'boolean':
      return parse(z.boolean(), value, at);
    case 'staff':
      return new Types.ObjectId(parse(z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hex id'), value, at));
    case 'department':
      return parse(z.string().min(1).max(100), value, at);
  }
}

async function ownerInDepartments(context: Context, departments: string[], inside: boolean): Promise<Mongo> {
  const ids = await staffIdsInDepartments(context.actor.tenantId, departments);
  return { ownerId: inside ? { $in: ids } : { $nin: ids } };
}

function parse<S extends z.ZodType>(schema: S, value: unknown, at: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalidField([at, ...issue.path].join('.'), issue.message);
}

function withPath<T>(at: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw invalidField(at, (error as Error).message);
  }
}
