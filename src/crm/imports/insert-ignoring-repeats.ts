/**
 * Inserts documents whose keys are deterministic (import rows, their activities and audit
 * entries): a document a previous, interrupted run already wrote hits its unique key and is left
 * as it is. Any other failure is thrown.
 */
export async function insertIgnoringRepeats(model: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> }, docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await model.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
    if (!writeErrors || writeErrors.length === 0) throw error;
    if (!writeErrors.every((w) => (w.code ?? w.err?.code) === 11000)) throw error;
  }
}
