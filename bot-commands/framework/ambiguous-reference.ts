import { InvalidInput } from '../../src/errors.js';

/**
 * A reference that names several records: the reply lists them numbered, and `choices[i]` is
 * what stands for item i + 1 in the command line (a customer code), so a bare "1" sent next can
 * run the same command again on that record.
 */
export class AmbiguousReference extends InvalidInput {
  constructor(
    message: string,
    readonly reference: string,
    readonly choices: readonly string[],
  ) {
    super(message);
  }
}
