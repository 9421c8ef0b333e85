import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../secrets/constant-time-equal.js';

/** An install must finish within this long after its "Add to Slack" link was made. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`slack-oauth-state:${body}`).digest('base64url');

/** `<tenantId>.<expiresAtMs>.<nonce>.<hmac>`: says which tenant installs, and expires; signed with the client secret. */
export function createOAuthState(secret: string, tenantId: string, nowMs: number = Date.now()): string {
  const body = `${tenantId}.${nowMs + OAUTH_STATE_TTL_MS}.${randomBytes(9).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** The tenant the state was made for; null when it is forged, malformed or expired (checked constant-time). */
export function readOAuthState(secret: string, state: string, nowMs: number = Date.now()): { tenantId: string } | null {
  const parts = state.split('.');
  if (parts.length !== 4 || state.length > 300) return null;
  const [tenantId, expires, nonce, mac] = parts as [string, string, string, string];
  if (!constantTimeEqual(mac, sign(secret, `${tenantId}.${expires}.${nonce}`))) return null;
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt) || expiresAt < nowMs) return null;
  return { tenantId };
}
