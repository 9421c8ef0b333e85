import type { z } from 'zod';
import { InvalidInput } from './errors.js';

/** Validates untrusted input against a schema; every problem is reported by field path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  throw new InvalidInput(`invalid input: ${summary}`, details);
}
