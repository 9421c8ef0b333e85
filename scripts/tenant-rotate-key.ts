// `npm run tenant:rotate-key`: re-seals every tenant secret under the current SECRETS_KEY (id
// SECRETS_KEY_ID). The previous key must still be listed in SECRETS_OLD_KEYS (`id:key,…`) so the
// stored values open; once this reports 0 left on old keys, the old key can be dropped.
// Works whether the service runs or not.
import { rotateTenantSecrets } from '../src/crm/tenants/rotate-tenant-secrets.js';
import { keyringFromEnvironment } from '../src/secrets/keyring-from-environment.js';
import { KeyringError } from '../src/secrets/keyring.js';
import { SecretRefused } from '../src/secrets/seal-secret.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

async function main(): Promise<number> {
  if (process.argv.length > 2) {
    console.error('usage: npm run tenant:rotate-key   (keys from SECRETS_KEY, SECRETS_KEY_ID and SECRETS_OLD_KEYS)');
    return 2;
  }
  return withToolDatabase(
    'tenant:rotate-key',
    async () => {
      const keyring = keyringFromEnvironment(process.env);
      const report = await rotateTenantSecrets(keyring);
      console.log(`${report.resealed} secrets of ${report.tenants} tenants re-encrypted under key "${keyring.current.id}" (${report.current} already were)`);
      return 0;
    },
    (error) =>
      error instanceof SecretRefused
        ? { line: `tenant:rotate-key refused: a stored secret does not open (${error.reason}); list the key it was sealed with in SECRETS_OLD_KEYS`, code: 2 }
        : error instanceof KeyringError
          ? { line: `tenant:rotate-key refused: ${error.message}`, code: 2 }
          : undefined,
  );
}

exitWith(main());
