import type { Types } from 'mongoose';
import type { z } from 'zod';
import type { TriggerRef } from './triggers.js';

/** The customer an automation run acts on, as the actions see it. */
export interface AutomationCustomer {
  _id: Types.ObjectId;
  name: string;
  code: string;
  stage: string;
  tags: string[];
  ownerId: Types.ObjectId;
  doNotMarket?: boolean;
  doNotSurvey?: boolean;
}

export interface AutomationActionContext {
  tenantId: Types.ObjectId;
  rule: { id: string; name: string };
  customer: AutomationCustomer;
  now: Date;
  /** Unique per rule × occurrence × action: the action's own idempotency key (reminder, outbox, ticket…). */
  key: string;
  /**
   * Stores a choice the first time it is made for this action of this run and returns the stored
   * one afterwards (e.g. the round-robin pick), so a redelivered or resumed run chooses the same.
   */
  remember<T extends string>(choose: () => Promise<T>): Promise<T>;
}

/** One kind of step a rule can take. Other modules add theirs (open a ticket, send a survey). */
export interface AutomationAction<P = unknown> {
  type: string;
  params: z.ZodType<P>;
  /** The opt-out this action honours: a customer who refused it is skipped, never contacted. */
  purpose?: 'marketing' | 'survey';
  /** In words, for the dry run and the run log. */
  describe(params: P): string;
  /** Does it, idempotently under `context.key`; returns what it did in words. */
  run(params: P, context: AutomationActionContext): Promise<string>;
  /** Triggers its effect can fire (the loop check refuses rules that would trigger themselves). */
  causes?(params: P): TriggerRef[];
}

/** The actions rules may use, per service instance. */
export interface AutomationActions {
  /** Registering a type twice throws. */
  register<P>(action: AutomationAction<P>): void;
  find(type: string): AutomationAction | undefined;
  types(): string[];
}

export function createAutomationActions(): AutomationActions {
  const byType = new Map<string, AutomationAction>();
  return {
    register(action) {
      if (byType.has(action.type)) throw new Error(`an automation action '${action.type}' is already registered`);
      byType.set(action.type, action as AutomationAction);
    },
    find: (type) => byType.get(type),
    types: () => [...byType.keys()].sort(),
  };
}
