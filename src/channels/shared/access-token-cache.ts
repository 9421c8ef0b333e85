import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringFromEnvironment } from '../../secrets/keyring-from-environment.js';
import { openSecret, sealSecret } from '../../secrets/seal-secret.js';

/**
 * Platform access tokens cached in MongoDB so every instance shares one token per
 * (platform, app credentials): platforms rate-limit token issue and some invalidate
 * the previous token when a new one is fetched. Each cache also keeps the token in memory and
 * reads MongoDB only when that copy is missing or within the refresh margin; a token another
 * instance replaced early is noticed when the platform refuses it (the caller invalidates).
 *
 * Tokens (and WeCom jsapi/agent tickets, which go through the same cache) are stored sealed with
 * AES-256-GCM (src/secrets), bound to their cache key: a copy of the data files or a backup does not
 * hand out working platform credentials. A stored value that does not open (tampered, an unknown key,
 * or plaintext from before sealing) counts as "no cached token" and is fetched again, silently: what
 * was stored is never logged.
 */
interface AccessTokenDoc {
  _id: string;
  /** Sealed (`v1:<keyId>:…`), never the plaintext token. */
  token: string | null;
  expiresAt: Date;
  refreshLockUntil: Date;
}

const accessTokenSchema = new Schema<AccessTokenDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    refreshLockUntil: { type: Date, required: true },
  },
  { collection: 'platform_access_tokens', versionKey: false },
);

export const AccessTokenModel =
  (mongoose.models.PlatformAccessToken as mongoose.Model<AccessTokenDoc> | undefined) ??
  mongoose.model<AccessTokenDoc>('PlatformAccessToken', accessTokenSchema);

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

export interface AccessTokenCacheOptions {
  platform: string;
  /** Identifies the app; the secret is hashed into the cache key, never stored. */
  appId: string;
  secret: string;
  fetchToken: () => Promise<FetchedToken>;
  /** Refresh this long before the platform's expiry. */
  refreshMarginMs?: number;
  now?: () => number;
  /** How long another instance may hold the refresh lock before we take over. */
  lockMs?: number;
  /** Keys sealing the stored token; default: from the environment (SECRETS_KEY…, see README). */
  keyring?: Keyring;
}

export interface AccessTokenCache {
  get(): Promise<string>;
  /** Drops the cached token if it is still the one the platform rejected. */
  invalidate(rejectedToken: string): Promise<void>;
}

export function cacheKeyFor(platform: string, appId: string, secret: string): string {
  const secretHash = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return `${platform}:${appId}:${secretHash}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createAccessTokenCache(options: AccessTokenCacheOptions): AccessTokenCache {
  const key = cacheKeyFor(options.platform, options.appId, options.secret);
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const lockMs = options.lockMs ?? 15_000;
  const now = options.now ?? Date.now;
  let inFlight: Promise<string> | null = null;
  let memo: { token: string; expiresAt: number } | null = null;
  // Resolved on first use, not at construction: a client that never needs a token needs no key.
  let keyring: Keyring | undefined = options.keyring;
  const keys = () => (keyring ??= keyringFromEnvironment(process.env));
  const seal = (token: string) => sealSecret(token, keys(), { context: key });
  /** The stored token, or null when there is none or it does not open (then it is fetched again). */
  function open(stored: string | null | undefined): string | null {
    if (!stored) return null;
    try {
      return openSecret(stored, keys(), { context: key });
    } catch {
      return null;
    }
  }

  function remember(token: string, expiresAt: number): string {
    memo = { token, expiresAt };
    return token;
  }

  function memoValid(): string | null {
    return memo && memo.expiresAt - margin > now() ? memo.token : null;
  }

  async function readValid(): Promise<string | null> {
    const doc = await AccessTokenModel.findById(key).lean();
    if (!doc || doc.expiresAt.getTime() - margin <= now()) return null;
    const token = open(doc.token);
    return token ? remember(token, doc.expiresAt.getTime()) : null;
  }

  async function tryTakeRefreshLock(): Promise<boolean> {
    const lockUntil = new Date(now() + lockMs);
    try {
      const taken = await AccessTokenModel.findOneAndUpdate(
        { _id: key, refreshLockUntil: { $lt: new Date(now()) } },
        { $set: { refreshLockUntil: lockUntil } },
        { new: true },
      ).lean();
      if (taken) return true;
      // No document yet: the first instance to insert it holds the lock.
      await AccessTokenModel.create({ _id: key, token: null, expiresAt: new Date(0), refreshLockUntil: lockUntil });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async function refresh(): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const cached = await readValid();
      if (cached) return cached;
      if (await tryTakeRefreshLock()) {
        try {
          const fetched = await options.fetchToken();
          const expiresAt = now() + fetched.expiresInSeconds * 1000;
          await AccessTokenModel.updateOne(
            { _id: key },
            { $set: { token: seal(fetched.token), expiresAt: new Date(expiresAt), refreshLockUntil: new Date(0) } },
          );
          return remember(fetched.token, expiresAt);
        } catch (error) {
          await AccessTokenModel.updateOne({ _id: key }, { $set: { refreshLockUntil: new Date(0) } });
          throw error;
        }
      }
      // Another instance is refreshing: wait for its token rather than fetching a second one.
      await sleep(Math.min(100 * (attempt + 1), 500));
    }
    throw new Error(`timed out waiting for the ${options.platform} access token refresh`);
  }

  return {
    async get() {
      const cached = memoValid() ?? (await readValid());
      if (cached) return cached;
      inFlight ??= refresh().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    async invalidate(rejectedToken) {
      if (memo?.token === rejectedToken) memo = null;
      // Sealing is randomized, so the stored value is matched after opening it; the update is
      // conditional on that exact sealed value so a token another instance just stored survives.
      const doc = await AccessTokenModel.findById(key).lean();
      if (!doc?.token || open(doc.token) !== rejectedToken) return;
      await AccessTokenModel.updateOne({ _id: key, token: doc.token }, { $set: { token: null, expiresAt: new Date(0) } });
    },
  };
}
