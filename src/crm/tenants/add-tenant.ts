import { Types } from 'mongoose';
import { z } from 'zod';
import { Conflict } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Keyring } from '../../secrets/keyring.js';
import { systemActor } from '../actor.js';
import { Tenant, type TenantDoc } from '../models/tenant.js';
import { recordAudit } from '../record-audit.js';
import { platformSettingsInput, sealPlatformSettings } from './tenant-platform-settings.js';

/** Path segments the default tenant's callbacks already use (/callbacks/dingtalk/events, …/robot). */
const RESERVED_SLUGS = ['events', 'robot'];

/** Lower-case letters, digits and dashes: it becomes a path segment of the callback URLs. */
export const tenantSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or dashes, starting with a letter or digit')
  .refine((slug) => !RESERVED_SLUGS.includes(slug), { message: `must not be ${RESERVED_SLUGS.join(' or ')} (callback paths of the default company)` });

export const addTenantInput = z
  .object({
    slug: tenantSlug,
    name: z.string().trim().min(1).max(100),
    timezone: z.string().trim().min(1).max(64).optional(),
    settings: platformSettingsInput,
  })
  .strict();

/** The settings are checked here, whatever their source (a JSON file read by the CLI). */
export type AddTenantInput = Omit<z.input<typeof addTenantInput>, 'settings'> & { settings: unknown };

/**
 * A new company with its platform settings, secrets sealed under the keyring's current key.
 * Everything is validated before anything is written; a slug in use is a conflict.
 */
export async function addTenant(rawInput: AddTenantInput, keyring: Keyring): Promise<TenantDoc> {
  const input = parseInput(addTenantInput, rawInput);
  if (await Tenant.exists({ slug: input.slug })) throw new Conflict(`a tenant with slug "${input.slug}" already exists`);
  const _id = new Types.ObjectId();
  const { wecom, dingtalk } = input.settings;
  const tenant = await Tenant.create({
    _id,
    slug: input.slug,
    name: input.name,
    ...(input.timezone ? { timezone: input.timezone } : {}),
    platforms: { wecomCorpId: wecom?.corpId, dingtalkAppKey: dingtalk?.appKey },
    ...(wecom ? { wecom: sealPlatformSettings(_id, 'wecom', wecom, keyring) } : {}),
    ...(dingtalk ? { dingtalk: sealPlatformSettings(_id, 'dingtalk', dingtalk, keyring) } : {}),
  });
  await recordAudit(systemActor(_id, 'system'), {
    action: 'tenant.add',
    entity: 'tenant',
    entityId: _id,
    before: null,
    // What was configured, never a secret.
    after: { slug: input.slug, name: input.name, wecomCorpId: wecom?.corpId ?? null, dingtalkAppKey: dingtalk?.appKey ?? null },
  });
  return tenant;
}
