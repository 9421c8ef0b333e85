import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';
import type { Config } from '../../config.js';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringFromEnvironment } from '../../secrets/keyring-from-environment.js';

export interface SurveyLinkClaims {
  invitationId: string;
  expiresAt: Date;
}

/** Signs and checks the token of a client's survey link (`/s/<token>`); no login, so the signature is the whole proof. */
export interface SurveyLinkSigner {
  sign(claims: SurveyLinkClaims): string;
  /** The claims of a token this service signed (any key still on the keyring), else null. Expiry is the caller's to judge. */
  verify(token: string): SurveyLinkClaims | null;
}

const TOKEN = /^([a-f0-9]{24})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{43})$/;

/**
 * `<invitation id>.<expiry, unix seconds base36>.<key id>.<HMAC-SHA256>`. The HMAC key is derived
 * from the secrets keyring (never the sealing key itself), and the token names its key id, so links
 * sent before a key rotation still open while the old key stays listed in SECRETS_OLD_KEYS.
 */
export function createSurveyLinkSigner(keyring: () => Keyring): SurveyLinkSigner {
  const linkKey = (key: Buffer) => createHmac('sha256', key).update('chatcrm/survey-link/v1').digest();
  const mac = (key: Buffer, id: string, exp: string) => createHmac('sha256', linkKey(key)).update(`${id}.${exp}`).digest('base64url');
  return {
    sign({ invitationId, expiresAt }) {
      const { id, key } = keyring().current;
      const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
      return `${invitationId}.${exp}.${id}.${mac(key, invitationId, exp)}`;
    },
    verify(token) {
      const match = TOKEN.exec(token);
      if (!match) return null;
      const [, invitationId, exp, keyId, given] = match as unknown as [string, string, string, string, string];
      const key = keyring().byId.get(keyId);
      if (!key || !constantTimeEqual(given, mac(key, invitationId, exp))) return null;
      return { invitationId, expiresAt: new Date(parseInt(exp, 36) * 1000) };
    },
  };
}

/** The signer of one service instance: its keyring (SECRETS_KEY…) is read on first use, like the token caches do. */
export function surveyLinkSignerFromConfig(config: Pick<Config, 'NODE_ENV' | 'DATA_DIR' | 'SECRETS_KEY' | 'SECRETS_KEY_ID' | 'SECRETS_OLD_KEYS'>): SurveyLinkSigner {
  let keyring: Keyring | undefined;
  return createSurveyLinkSigner(
    () =>
      (keyring ??= keyringFromEnvironment({
        NODE_ENV: config.NODE_ENV,
        DATA_DIR: config.DATA_DIR,
        SECRETS_KEY: config.SECRETS_KEY,
        SECRETS_KEY_ID: config.SECRETS_KEY_ID,
        SECRETS_OLD_KEYS: config.SECRETS_OLD_KEYS,
      })),
  );
}
