import { DEFAULT_SCHEDULES, DIGEST_KINDS, type DigestKind, type DigestSchedule } from '../digests/digest-schedule.js';
import { DEFAULT_CONTRACT_NUMBER_FORMAT } from '../deals/sales-settings.js';
import type { StageDefinition } from '../models/tenant.js';
import { stagesOf } from '../stages.js';
import { DEFAULT_NUMBER_FORMATS, type NumberedKind } from './number-format.js';

export type StageKind = 'open' | 'won' | 'lost';

/** A customer stage as settings show it: the key is stable, records keep it; the names are only labels. */
export interface StageSetting {
  key: string;
  names: { zh: string; en: string | null };
  kind: StageKind;
  aliases: string[];
}

export interface WorkingHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  start: string;
  end: string;
}

export interface TenantSettings {
  stages: StageSetting[];
  levels: string[];
  sources: string[];
  tagGroups: { name: string; tags: string[] }[];
  /** Days between contacts for a customer of this level; a new customer of the level starts with it. */
  contactCycles: { level: string; days: number }[];
  numbering: Record<NumberedKind, string>;
  timezone: string;
  workingHours: WorkingHours;
  digestDefaults: Record<DigestKind, DigestSchedule>;
}

/** What is kept in `tenant.settings` (the rest lives where it always did: stages, timezone, sales). */
export interface StoredSettings {
  levels?: string[];
  sources?: string[];
  tagGroups?: { name: string; tags: string[] }[];
  contactCycles?: { level: string; days: number }[];
  numbering?: Partial<Record<'customers' | 'tickets', string>>;
  workingHours?: WorkingHours;
  digestDefaults?: Partial<Record<DigestKind, DigestSchedule>>;
}

export const DEFAULT_LEVELS = ['VIP', 'A', 'B', 'C'];
export const DEFAULT_SOURCES = ['官网', '展会', '转介绍', '广告', '企业微信'];
export const DEFAULT_WORKING_HOURS: WorkingHours = { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export function stageKindOf(stage: Pick<StageDefinition, 'closed' | 'won'>): StageKind {
  if (!stage.closed) return 'open';
  return stage.won ? 'won' : 'lost';
}

export function stageSettingOf(stage: StageDefinition): StageSetting {
  return { key: stage.key, names: { zh: stage.name, en: stage.nameEn ?? null }, kind: stageKindOf(stage), aliases: [...stage.aliases] };
}

export interface TenantSettingsSource {
  timezone?: string | null;
  stages?: StageDefinition[] | null;
  sales?: { contractNumberFormat?: string | null } | null;
  settings?: unknown;
}

/** A tenant's settings with every default applied. */
export function settingsOf(tenant: TenantSettingsSource): TenantSettings {
  const stored = (tenant.settings ?? {}) as StoredSettings;
  return {
    stages: stagesOf(tenant).map(stageSettingOf),
    levels: stored.levels ?? DEFAULT_LEVELS,
    sources: stored.sources ?? DEFAULT_SOURCES,
    tagGroups: stored.tagGroups ?? [],
    contactCycles: stored.contactCycles ?? [],
    numbering: {
      customers: stored.numbering?.customers ?? DEFAULT_NUMBER_FORMATS.customers,
      contracts: tenant.sales?.contractNumberFormat ?? DEFAULT_CONTRACT_NUMBER_FORMAT,
      tickets: stored.numbering?.tickets ?? DEFAULT_NUMBER_FORMATS.tickets,
    },
    timezone: tenant.timezone || DEFAULT_TIMEZONE,
    workingHours: stored.workingHours ?? DEFAULT_WORKING_HOURS,
    digestDefaults: digestDefaultsOf(stored),
  };
}

/** When each digest kind runs for people who have not chosen a schedule: the stored defaults, else the built-in times. */
export function digestDefaultsOf(stored: StoredSettings): Record<DigestKind, DigestSchedule> {
  return Object.fromEntries(DIGEST_KINDS.map((k) => [k, stored.digestDefaults?.[k] ?? DEFAULT_SCHEDULES[k]])) as Record<DigestKind, DigestSchedule>;
}
