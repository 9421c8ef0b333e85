import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Keyring } from '../../secrets/keyring.js';
import { openSecret, sealSecret } from '../../secrets/seal-secret.js';

/** WeCom's EncodingAESKey and the DingTalk callback key: 43 letters/digits (as config.ts checks the env ones). */
const aesKey = z.string().trim().regex(/^[A-Za-z0-9]{43}$/, 'must be 43 letters/digits (the EncodingAESKey from the console)');
const callbackToken = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9]+$/, 'must be letters and digits (the callback Token from the console)');
const identifier = z.string().trim().min(1).max(128);
const secret = z.string().trim().min(1).max(512);

export const wecomSettingsInput = z
  .object({
    corpId: identifier,
    agentId: z.union([z.string().trim().regex(/^\d{1,20}$/, 'must be digits'), z.number().int().positive()]).transform(String).optional(),
    secret,
    token: callbackToken.optional(),
    aesKey: aesKey.optional(),
    apiBase: z.string().trim().url().optional(),
  })
  .strict()
  .refine((w) => (w.token === undefined) === (w.aesKey === undefined), { message: 'token and aesKey go together (both are needed for callbacks)' });

export const dingtalkSettingsInput = z
  .object({
    appKey: identifier,
    appSecret: secret,
    agentId: z.union([z.string().trim().regex(/^\d{1,20}$/, 'must be digits'), z.number().int().positive()]).transform(String).optional(),
    robotCode: identifier.optional(),
    token: callbackToken.optional(),
    aesKey: aesKey.optional(),
  })
  .strict();

export const platformSettingsInput = z
  .object({ wecom: wecomSettingsInput.optional(), dingtalk: dingtalkSettingsInput.optional() })
  .strict()
  .refine((s) => s.wecom !== undefined || s.dingtalk !== undefined, { message: 'needs wecom and/or dingtalk settings' });

export type WecomSettings = z.output<typeof wecomSettingsInput>;
export type DingtalkSettings = z.output<typeof dingtalkSettingsInput>;
export type PlatformSettings = z.output<typeof platformSettingsInput>;

/** Which fields of each platform's settings are secrets, stored sealed. */
export const SEALED_FIELDS = {
  wecom: ['secret', 'token', 'aesKey'],
  dingtalk: ['appSecret', 'token', 'aesKey'],
} as const satisfies { wecom: readonly (keyof WecomSettings)[]; dingtalk: readonly (keyof DingtalkSettings)[] };

export type SealedPlatform = keyof typeof SEALED_FIELDS;

/**
 * Binds a sealed value to its tenant and field: a value copied into another tenant (or field)
 * does not open there.
 */
export function sealContext(tenantId: Types.ObjectId, platform: SealedPlatform, field: string): string {
  return `tenant:${String(tenantId)}:${platform}.${field}`;
}

type Settings<P extends SealedPlatform> = P extends 'wecom' ? WecomSettings : DingtalkSettings;

/** The settings as stored: the same fields, secrets sealed. */
export function sealPlatformSettings<P extends SealedPlatform>(tenantId: Types.ObjectId, platform: P, settings: Settings<P>, keyring: Keyring): Settings<P> {
  return mapSealedFields(platform, settings, (value, field) => sealSecret(value, keyring, { context: sealContext(tenantId, platform, field) }));
}

/** The stored settings with their secrets opened; throws SecretRefused when a value does not open. */
export function openPlatformSettings<P extends SealedPlatform>(tenantId: Types.ObjectId, platform: P, stored: Settings<P>, keyring: Keyring): Settings<P> {
  return mapSealedFields(platform, stored, (value, field) => openSecret(value, keyring, { context: sealContext(tenantId, platform, field) }));
}

export function mapSealedFields<P extends SealedPlatform>(platform: P, settings: Settings<P>, map: (value: string, field: string) => string): Settings<P> {
  const copy: Record<string, unknown> = { ...settings };
  for (const field of SEALED_FIELDS[platform]) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = map(value, field);
  }
  return copy as Settings<P>;
}
