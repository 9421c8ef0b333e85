import { InvalidInput } from '../../src/errors.js';
import type { StageDefinition } from '../../src/crm/models/tenant.js';
import { findStage } from '../../src/crm/stages.js';
import { closestMatches } from '../framework/closest-matches.js';
import { foldWidth } from '../framework/fold-width.js';
import type { ReplyLanguage } from '../framework/reply-language.js';
import { withHint } from '../framework/with-hint.js';

/** A stage's display name by key; in English replies its English name when the settings give one. */
export function stageName(stages: StageDefinition[], key: string, lang: ReplyLanguage = 'zh'): string {
  const stage = stages.find((s) => s.key === key);
  return stage ? stageLabel(stage, lang) : key;
}

export function stageLabel(stage: StageDefinition, lang: ReplyLanguage = 'zh'): string {
  return lang === 'en' && stage.nameEn ? stage.nameEn : stage.name;
}

/** A stage by key, name or alias (case- and width-insensitive), with a Chinese error and suggestions. */
export function stageFromText(stages: StageDefinition[], raw: string): StageDefinition {
  const found = findStage(stages, raw);
  if (found) return found;
  const wanted = foldWidth(raw).trim().toLowerCase();
  const byWord = new Map<string, StageDefinition>();
  for (const s of stages) for (const w of [s.name, s.key, ...s.aliases]) byWord.set(w, s);
  const close = [...new Set(closestMatches(wanted, byWord.keys(), 3).map((w) => byWord.get(w)!.name))];
  throw withHint(
    new InvalidInput(`没有「${raw}」这个阶段。可选：${stages.map((s) => s.name).join('、')}`),
    close.length ? `你是不是想用：${close.join('、')}` : undefined,
  );
}
