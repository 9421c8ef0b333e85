import { z } from 'zod';
import { InvalidInput } from '../../errors.js';
import { customerFilterSchema, type FilterGroup } from '../query/customer-filter-schema.js';
import type { AutomationActions } from './automation-actions.js';
import { triggerSchema, type Trigger } from './triggers.js';

const text = z.string().trim().min(1).max(100);

export const CONDITION_FIELDS = ['stage', 'level', 'source', 'tags', 'ownerDepartment', 'segment'] as const;
export const CONDITION_OPS = ['is', 'is_not', 'in', 'not_in'] as const;

/** Conditions are ANDed; for tags, `is` means "has the tag" and `in` "has any of them". */
export const conditionSchema = z
  .object({
    field: z.enum(CONDITION_FIELDS),
    op: z.enum(CONDITION_OPS),
    value: z.union([text, z.array(text).min(1).max(50)]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const many = c.op === 'in' || c.op === 'not_in';
    if (many !== Array.isArray(c.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: many ? `${c.op} takes a list of values` : `${c.op} takes one value` });
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

const actionShape = z.object({ type: z.string().min(1).max(60), params: z.record(z.string(), z.unknown()).default({}) }).strict();
export type RuleAction = { type: string; params: Record<string, unknown> };

export const ruleInputSchema = z
  .object({
    name: text,
    enabled: z.boolean().default(true),
    trigger: triggerSchema,
    conditions: z.array(conditionSchema).max(20).default([]),
    /** A universal-query filter (万能查询) ANDed with the conditions, for anything they do not name. */
    filter: customerFilterSchema.nullable().default(null),
    actions: z.array(actionShape).min(1).max(10),
    maxRunsPerHour: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export interface RuleInput {
  name: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: Condition[];
  filter: FilterGroup | null;
  actions: RuleAction[];
  maxRunsPerHour: number;
}

/**
 * Validates a rule against the schema and every action against its registered type's own params
 * schema; problems are reported by path (`actions.1.params.days`), nothing is saved.
 */
export function parseRuleInput(raw: unknown, registry: AutomationActions): RuleInput {
  const parsed = ruleInputSchema.safeParse(raw);
  const issues: { path: string; message: string }[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const actions: RuleAction[] = [];
  if (parsed.success) {
    parsed.data.actions.forEach((a, index) => {
      const action = registry.find(a.type);
      if (!action) {
        issues.push({ path: `actions.${index}.type`, message: `unknown action "${a.type}"; known: ${registry.types().join(', ')}` });
        return;
      }
      const params = action.params.safeParse(a.params);
      if (!params.success) {
        for (const i of params.error.issues) issues.push({ path: ['actions', index, 'params', ...i.path].join('.'), message: i.message });
        return;
      }
      actions.push({ type: a.type, params: params.data as Record<string, unknown> });
    });
  }
  if (issues.length > 0 || !parsed.success) {
    throw new InvalidInput(`invalid rule: ${issues.map((d) => `${d.path}: ${d.message}`).join('; ')}`, issues);
  }
  return { ...parsed.data, actions };
}
