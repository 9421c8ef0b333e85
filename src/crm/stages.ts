import { InvalidInput } from './errors.js';
import type { StageDefinition } from './models/tenant.js';

export const DEFAULT_STAGES: StageDefinition[] = [
  { key: 'lead', name: '潜在', aliases: ['潜在客户', '线索', 'lead', 'potential'], closed: false, won: false },
  { key: 'intent', name: '意向', aliases: ['意向客户', 'intent', 'interested', 'qualified'], closed: false, won: false },
  { key: 'negotiating', name: '谈判', aliases: ['商务谈判', '洽谈', 'negotiating', 'negotiation'], closed: false, won: false },
  { key: 'won', name: '成交', aliases: ['已成交', '赢单', 'won', 'closed-won', 'deal'], closed: true, won: true },
  { key: 'lost', name: '流失', aliases: ['已流失', '输单', 'lost', 'closed-lost'], closed: true, won: false },
];

export function stagesOf(tenant: { stages?: StageDefinition[] | null }): StageDefinition[] {
  return tenant.stages && tenant.stages.length > 0 ? tenant.stages : DEFAULT_STAGES;
}

/** Finds a stage by key, name or alias (case-insensitive); throws InvalidInput listing the valid ones. */
export function resolveStage(stages: StageDefinition[], input: string): StageDefinition {
  const wanted = input.trim().toLowerCase();
  const found = stages.find(
    (s) => s.key.toLowerCase() === wanted || s.name.toLowerCase() === wanted || s.aliases.some((a) => a.toLowerCase() === wanted),
  );
  if (!found) {
    throw new InvalidInput(`unknown stage "${input}"; valid stages: ${stages.map((s) => `${s.name} (${s.key})`).join(', ')}`);
  }
  return found;
}
