import { constantTimeEqual } from '../../secrets/constant-time-equal.js';
import { decryptFeishuEvent } from './decrypt-event.js';
import { FeishuCallbackError } from './feishu-callback-error.js';
import { verifyFeishuSignature } from './verify-signature.js';

export interface FeishuCallbackSecrets {
  verificationToken: string;
  encryptKey?: string;
}

export interface FeishuCallbackInput {
  rawBody: Buffer;
  /** The body parsed as JSON (by the route, which owns the 400 for malformed JSON). */
  document: unknown;
  headers: { timestamp?: string; nonce?: string; signature?: string };
  secrets: FeishuCallbackSecrets;
  maxSkewSeconds: number;
  nowMs: number;
}

export type OpenedFeishuCallback =
  | { type: 'url_verification'; challenge: string }
  | { type: 'event'; document: Record<string, unknown> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tokenOf(doc: Record<string, unknown>): unknown {
  // v2 carries the token in `header`; v1 and the URL check at the top level.
  return isObject(doc.header) ? doc.header.token : doc.token;
}

/**
 * Pure: decrypt (when an Encrypt Key is configured — then plain bodies are refused), answer the URL
 * check after its token, and for events check `X-Lark-Signature` over the raw body (when encrypted)
 * and the Verification Token (v2 `header.token`, v1 `token`), all constant-time.
 * Throws {@link FeishuCallbackError}.
 */
export function openFeishuCallback(input: FeishuCallbackInput): OpenedFeishuCallback {
  const { secrets } = input;
  if (!isObject(input.document)) throw new FeishuCallbackError('not_an_event');
  let doc: Record<string, unknown> = input.document;
  const encrypted = typeof doc.encrypt === 'string';
  if (secrets.encryptKey) {
    if (!encrypted) throw new FeishuCallbackError('not_encrypted');
    let plain: unknown;
    try {
      plain = JSON.parse(decryptFeishuEvent(doc.encrypt as string, secrets.encryptKey));
    } catch (error) {
      if (error instanceof FeishuCallbackError) throw error;
      throw new FeishuCallbackError('bad_encrypt');
    }
    if (!isObject(plain)) throw new FeishuCallbackError('not_an_event');
    doc = plain;
  } else if (encrypted) {
    // Encrypted by Feishu but we hold no key: a configuration mismatch, never "success".
    throw new FeishuCallbackError('bad_encrypt');
  }

  const token = tokenOf(doc);
  if (typeof token !== 'string' || !constantTimeEqual(token, secrets.verificationToken)) throw new FeishuCallbackError('bad_token');

  if (doc.type === 'url_verification' && typeof doc.challenge === 'string' && !isObject(doc.event)) {
    return { type: 'url_verification', challenge: doc.challenge };
  }
  if (secrets.encryptKey) {
    verifyFeishuSignature({
      ...input.headers,
      rawBody: input.rawBody,
      encryptKey: secrets.encryptKey,
      maxSkewSeconds: input.maxSkewSeconds,
      nowMs: input.nowMs,
    });
  }
  return { type: 'event', document: doc };
}
