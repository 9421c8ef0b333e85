import type { Types } from 'mongoose';
import type { FilterGroup } from '../query/customer-filter-schema.js';
import type { Condition, RuleAction } from './rule-input.js';
import type { Trigger } from './triggers.js';

/** A saved rule as the engine reads it (the stored shape was validated when saved). */
export interface StoredRule {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: Condition[];
  /** Absent on rules saved before rules took a universal-query filter. */
  filter?: FilterGroup | null;
  actions: RuleAction[];
  maxRunsPerHour: number;
}
