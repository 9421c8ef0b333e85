import type { CrmError } from '../../src/errors.js';

/** Attaches a line the chat reply adds after the error ("你是不是要找：张三丰 (C00012)"). */
export function withHint<E extends CrmError>(err: E, hint: string | undefined): E {
  if (hint) err.hint = hint;
  return err;
}

export function hintOf(err: CrmError): string | undefined {
  return err.hint;
}
