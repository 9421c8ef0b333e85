import { Conflict, InvalidInput } from '../../errors.js';
import type { Actor } from '../actor.js';
import { Tenant, type StageDefinition } from '../models/tenant.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { getTenant } from '../tenants/get-tenant.js';
import { assertMayManageSettings, getTenantSettings } from './get-tenant-settings.js';
import { settingsOf, type StageSetting, type TenantSettings } from './tenant-settings.js';
import { tenantSettingsInput, type TenantSettingsInput } from './tenant-settings-input.js';
import { countCustomersByStage, type TenantSettingsView } from './tenant-settings-view.js';

type ParsedInput = ReturnType<typeof tenantSettingsInput.parse>;
type ParsedStage = NonNullable<ParsedInput['stages']>[number];

const comparable = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * Stored stage definitions. A stage keeps its key (every customer, activity and report refers to it)
 * and the aliases it had unless new ones are given; an alias that is now another stage's key or
 * name is dropped so that typing it finds that stage only.
 */
function stageDefinitions(stages: ParsedStage[], before: StageSetting[]): StageDefinition[] {
  const nameOwner = new Map<string, string>();
  for (const s of stages) for (const w of [s.key, s.names.zh, s.names.en]) if (w) nameOwner.set(comparable(w), s.key);
  return stages.map((s) => {
    const aliases = s.aliases ?? before.find((b) => b.key === s.key)?.aliases ?? [];
    return {
      key: s.key,
      name: s.names.zh,
      ...(s.names.en ? { nameEn: s.names.en } : {}),
      aliases: [...new Set(aliases)].filter((a) => (nameOwner.get(comparable(a)) ?? s.key) === s.key),
      closed: s.kind !== 'open',
      won: s.kind === 'won',
    };
  });
}

/** Stages removed while customers still sit in them: a 409 naming each and the count. */
async function refuseRemovingUsedStages(actor: Actor, before: StageSetting[], after: ParsedStage[]): Promise<void> {
  const kept = new Set(after.map((s) => s.key));
  const removed = before.filter((s) => !kept.has(s.key)).map((s) => s.key);
  if (removed.length === 0) return;
  const usage = await countCustomersByStage(actor.tenantId, removed);
  const used = removed.filter((key) => (usage[key] ?? 0) > 0).map((key) => ({ key, name: before.find((s) => s.key === key)!.names.zh, count: usage[key]! }));
  if (used.length === 0) return;
  const count = used.reduce((sum, u) => sum + u.count, 0);
  throw new Conflict(
    `stages: cannot remove ${used.map((u) => `"${u.name}" (${u.key}), still used by ${u.count} customer${u.count === 1 ? '' : 's'}`).join('; ')}; move those customers first`,
    { field: 'stages', count, stages: used },
  );
}

/** Contact cycles name levels; a cycle for a level that is not (or no longer) a level is refused. */
function refuseCyclesOfUnknownLevels(levels: string[], cycles: TenantSettings['contactCycles'], sent: boolean): void {
  const unknown = cycles.map((c, i) => ({ c, i })).filter(({ c }) => !levels.includes(c.level));
  if (unknown.length === 0) return;
  const details = unknown.map(({ c, i }) => ({ path: sent ? `contactCycles.${i}.level` : 'levels', message: `level "${c.level}" is not one of the levels (${levels.join(', ')})` }));
  throw new InvalidInput(`invalid input: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

/**
 * PUT /api/admin/settings: admins only; every section sent is validated before anything is written,
 * then all are written at once and audited with the sections' before and after.
 */
export async function updateTenantSettings(actor: Actor, raw: TenantSettingsInput | unknown): Promise<TenantSettingsView> {
  assertMayManageSettings(actor);
  const input = parseInput(tenantSettingsInput, raw);
  const tenant = await getTenant(actor.tenantId);
  const before = settingsOf(tenant.toObject());
  refuseCyclesOfUnknownLevels(input.levels ?? before.levels, input.contactCycles ?? before.contactCycles, input.contactCycles !== undefined);
  if (input.stages) await refuseRemovingUsedStages(actor, before.stages, input.stages);

  const set: Record<string, unknown> = {};
  if (input.stages) set.stages = stageDefinitions(input.stages, before.stages);
  if (input.timezone) set.timezone = input.timezone;
  if (input.numbering?.contracts) set['sales.contractNumberFormat'] = input.numbering.contracts;
  for (const kind of ['customers', 'tickets'] as const) if (input.numbering?.[kind]) set[`settings.numbering.${kind}`] = input.numbering[kind];
  for (const section of ['levels', 'sources', 'tagGroups', 'contactCycles', 'workingHours'] as const) {
    if (input[section] !== undefined) set[`settings.${section}`] = input[section];
  }
  for (const [kind, schedule] of Object.entries(input.digestDefaults ?? {})) if (schedule) set[`settings.digestDefaults.${kind}`] = schedule;
  if (Object.keys(set).length === 0) return getTenantSettings(actor);

  // A Mixed path under an unset `settings` cannot take dotted $sets on every server: start it as {}.
  if (tenant.get('settings') == null) await Tenant.updateOne({ _id: tenant._id, settings: null }, { $set: { settings: {} } });
  await Tenant.updateOne({ _id: tenant._id }, { $set: set });
  const view = await getTenantSettings(actor);
  const sections = Object.keys(input).filter((k) => input[k as keyof ParsedInput] !== undefined) as (keyof TenantSettings)[];
  await recordAudit(actor, {
    action: 'settings.update',
    entity: 'tenant',
    entityId: tenant._id,
    before: Object.fromEntries(sections.map((k) => [k, before[k]])),
    after: Object.fromEntries(sections.map((k) => [k, view[k]])),
  });
  return view;
}
