import getRawBody from 'raw-body';
import type { z } from 'zod';
import { InvalidInput } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { AppContext } from './app-context.js';

const DEFAULT_LIMIT = 256 * 1024;

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

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new InvalidInput('malformed JSON body');
  }
}

/** Validates the query string (repeated keys arrive as arrays and are rejected by string schemas). */
export function readQuery<S extends z.ZodType>(ctx: AppContext, schema: S): z.output<S> {
  return parseInput(schema, { ...ctx.query });
}
