import type { AutomationActions } from './automation-actions.js';
import type { RuleAction } from './rule-input.js';
import type { Trigger, TriggerRef } from './triggers.js';

export interface LoopCheckRule {
  id: string;
  name: string;
  trigger: Trigger;
  actions: readonly RuleAction[];
}

function fires(ref: TriggerRef, trigger: Trigger): boolean {
  if (ref.type !== trigger.type) return false;
  return trigger.type !== 'stage_changed' || ref.to === undefined || ref.to === trigger.to;
}

/**
 * The names along a chain of rules that leads from `rule` back to itself (A's action fires B's
 * trigger, …, fires A's), or null. Each rule's effect is once per occurrence, but a loop would keep
 * making new occurrences, so it is refused when saved.
 */
export function findLoop(rule: LoopCheckRule, others: readonly LoopCheckRule[], registry: AutomationActions): string[] | null {
  const all = [rule, ...others.filter((o) => o.id !== rule.id)];
  const next = (r: LoopCheckRule) => {
    const refs = r.actions.flatMap((a) => registry.find(a.type)?.causes?.(a.params) ?? []);
    return all.filter((candidate) => refs.some((ref) => fires(ref, candidate.trigger)));
  };
  const path: LoopCheckRule[] = [];
  const seen = new Set<string>();
  const walk = (r: LoopCheckRule): string[] | null => {
    path.push(r);
    for (const n of next(r)) {
      if (n.id === rule.id) return [...path, n].map((p) => p.name);
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      const found = walk(n);
      if (found) return found;
    }
    path.pop();
    return null;
  };
  return walk(rule);
}
