import type { Config } from '../../config.js';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringFromEnvironment } from '../../secrets/keyring-from-environment.js';

/** The keyring sealing tenant secrets, from the same variables as keyringFromEnvironment reads. */
export function keyringOfConfig(config: Config): Keyring {
  const { NODE_ENV, DATA_DIR, SECRETS_KEY, SECRETS_KEY_ID, SECRETS_OLD_KEYS } = config;
  return keyringFromEnvironment({ NODE_ENV, DATA_DIR, SECRETS_KEY, SECRETS_KEY_ID, SECRETS_OLD_KEYS });
}
