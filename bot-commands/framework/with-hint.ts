import type { CrmError } from '../../src/errors.js';

const hints = new WeakMap<CrmError, string>();

/** Attaches a line the chat reply adds after the error ("你是不是要找：张三丰 (C00012)"). */
export function withHint<E extends CrmError>(err: E, hint: string | undefined): E {
  if (hint) hints.set(err, hint);
  return err;
}

export function hintOf(err: CrmError): string | undefined {
  return hints.get(err);
}
