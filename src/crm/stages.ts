import { InvalidInput } from '../errors.js';
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

/** Compares as typed in any width: ｗｏｎ is won (NFKC folds full-width forms and the ideographic space). */
function comparable(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** The stage whose key, name (Chinese or English) or alias is `text` (case- and width-insensitive), or undefined. */
export function findStage(stages: StageDefinition[], text: string): StageDefinition | undefined {
  const wanted = comparable(text);
  return stages.find((s) => [s.key, s.name, s.nameEn ?? '', ...s.aliases].some((w) => w !== '' && comparable(w) === wanted));
}

/** Finds a stage by key, name or alias (case- and width-insensitive); throws InvalidInput listing the valid ones. */
export function resolveStage(stages: StageDefinition[], input: string): StageDefinition {
  const found = findStage(stages, input);
  if (!found) {
    throw new InvalidInput(`unknown stage "${input}"; valid stages: ${stages.map((s) => `${s.name} (${s.key})`).join(', ')}`);
  }
  return found;
}
