/**
 * Typed domain errors. Handlers throw these; the HTTP layer maps them to status
 * codes and the command layer to chat replies, each in exactly one place.
 */
export type CrmErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'too_large' | 'gone';

export class CrmError extends Error {
  /** A line a chat reply adds after the error ("你是不是要找：张三丰 (C00012)"); see withHint. */
  hint?: string;
  constructor(
    readonly kind: CrmErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

export class InvalidInput extends CrmError {
  constructor(message: string, details?: unknown) {
    super('invalid', message, details);
  }
}

export class Unauthenticated extends CrmError {
  constructor(message = 'authentication required') {
    super('unauthenticated', message);
  }
}

export class Forbidden extends CrmError {
  constructor(message = 'not permitted') {
    super('forbidden', message);
  }
}

export class NotFound extends CrmError {
  /** What was looked for: an entity name ('customer') or a description the caller wrote. */
  constructor(readonly what = 'record') {
    super('not_found', `${what} not found`);
  }
}

export class Conflict extends CrmError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

/** A dependency (database, platform API) is unreachable; callers should retry later. */
export class Unavailable extends CrmError {
  constructor(message = 'service temporarily unavailable') {
    super('unavailable', message);
  }
}

/** An upload over its size limit (HTTP 413); the message names the limit. */
export class TooLarge extends CrmError {
  constructor(message: string) {
    super('too_large', message);
  }
}

/** Something that was there and is not any more, for good (an expired download): HTTP 410. */
export class Gone extends CrmError {
  constructor(message: string) {
    super('gone', message);
  }
}

/** A 400 about one field: the message starts with its path, and details name it as parseInput's do. */
export function invalidField(path: string, message: string): InvalidInput {
  return new InvalidInput(`${path}: ${message}`, [{ path, message }]);
}
