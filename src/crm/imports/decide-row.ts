import type { Classification } from './classify-row.js';
import type { DuplicateChoice, ImportChoices } from './import-mapping.js';

export type RowAction = 'create' | 'update' | 'merge' | 'skip';

/** What a valid row does, given its class and the admin's choice for that class. */
export function decideRow(classification: Classification, choices: ImportChoices): RowAction {
  if (classification.kind === 'new') return 'create';
  const choice: DuplicateChoice = classification.kind === 'existing' ? choices.existing : choices.inFile;
  return choice;
}
