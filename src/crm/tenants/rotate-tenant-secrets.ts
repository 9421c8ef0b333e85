import type { Keyring } from '../../secrets/keyring.js';
import { openSecret, sealedKeyId, sealSecret } from '../../secrets/seal-secret.js';
import { Tenant } from '../models/tenant.js';
import { sealContext, SEALED_FIELDS, type SealedPlatform } from './tenant-platform-settings.js';

export interface RotationReport {
  tenants: number;
  /** Secrets re-sealed under the current key. */
  resealed: number;
  /** Secrets already under the current key. */
  current: number;
}

/**
 * Re-seals every tenant secret that is not yet under the keyring's current key. Each field is
 * replaced only if it still holds the value that was opened, so a concurrent change is never
 * overwritten with an older secret; run it again until `resealed` is 0 before retiring old keys.
 * A value that does not open (unknown key, tampered) throws SecretRefused and nothing more is changed.
 */
export async function rotateTenantSecrets(keyring: Keyring): Promise<RotationReport> {
  const report: RotationReport = { tenants: 0, resealed: 0, current: 0 };
  const tenants = Tenant.find({ $or: [{ wecom: { $ne: null } }, { dingtalk: { $ne: null } }] }, { wecom: 1, dingtalk: 1 }).lean().cursor();
  for await (const tenant of tenants) {
    report.tenants += 1;
    for (const platform of Object.keys(SEALED_FIELDS) as SealedPlatform[]) {
      const stored = tenant[platform] as Record<string, unknown> | null | undefined;
      if (!stored) continue;
      for (const field of SEALED_FIELDS[platform]) {
        const sealed = stored[field];
        if (typeof sealed !== 'string') continue;
        if (sealedKeyId(sealed) === keyring.current.id) {
          report.current += 1;
          continue;
        }
        const context = sealContext(tenant._id, platform, field);
        const resealed = sealSecret(openSecret(sealed, keyring, { context }), keyring, { context });
        const path = `${platform}.${field}`;
        const updated = await Tenant.updateOne({ _id: tenant._id, [path]: sealed }, { $set: { [path]: resealed } });
        if (updated.modifiedCount === 1) report.resealed += 1;
      }
    }
  }
  return report;
}
