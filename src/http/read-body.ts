import getRawBody from 'raw-body';
import type { z } from 'zod';
import { InvalidInput } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { AppContext } from './app-context.js';
import { findUnsafeText } from './find-unsafe-text.js';

const DEFAULT_LIMIT = 256 * 1024;
// Fatal: a malformed byte sequence is refused, not silently replaced by U+FFFD and stored.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The exact request bytes (signatures are computed over them), bounded in size. */
export async function readRawBody(ctx: AppContext, limit = DEFAULT_LIMIT): Promise<Buffer> {
  return getRawBody(ctx.req, { limit, length: ctx.request.length });
}

/** Any JSON document, no schema (platform callbacks validate the shape themselves); not JSON is a 400. */
export async function readJson(ctx: AppContext, limit = DEFAULT_LIMIT): Promise<unknown> {
  return parseJson(await readRawBody(ctx, limit));
}

/** Parses a JSON body and validates it against a schema; anything else is a 400 that changes nothing. */
export async function readJsonBody<S extends z.ZodType>(ctx: AppContext, schema: S, limit = DEFAULT_LIMIT): Promise<z.output<S>> {
  const raw = await readRawBody(ctx, limit);
  if (raw.length > 0 && !ctx.is('application/json')) throw new InvalidInput('expected Content-Type: application/json');
  return parseInput(schema, raw.length === 0 ? {} : parseJson(raw));
}

/** UTF-8 (strictly) → JSON → no NUL or lone surrogate in any string; each failure is a 400 naming what is wrong. */
export function parseJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new InvalidInput('request body is not valid UTF-8');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidInput('malformed JSON body');
  }
  const path = findUnsafeText(document);
  if (path !== null) {
    throw new InvalidInput(`${path}: contains a NUL character or an unpaired surrogate`, [{ path, message: 'contains a NUL character or an unpaired surrogate' }]);
  }
  return document;
}

/** Validates the query string (repeated keys arrive as arrays and are rejected by string schemas). */
export function readQuery<S extends z.ZodType>(ctx: AppContext, schema: S): z.output<S> {
  return parseInput(schema, { ...ctx.query });
}
