import type { Types } from 'mongoose';
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
  actions: RuleAction[];
  maxRunsPerHour: number;
}
