/**
 * Inserts documents whose keys are deterministic (import rows, their activities and audit
 * entries): a document a previous, interrupted run already wrote hits its unique key and is left
 * as it is. Any other failure is thrown.
 */
export async function insertIgnoringRepeats(model: { insertMany(docs: object[], options: { ordered: false; lean: true }): Promise<unknown> }, docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    // The callers build complete documents; mongoose's per-document casting is skipped.
    await model.insertMany(docs.map(withoutUndefined), { ordered: false, lean: true });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
    if (!writeErrors || writeErrors.length === 0) throw error;
    if (!writeErrors.every((w) => (w.code ?? w.err?.code) === 11000)) throw error;
  }
}

/** Lean inserts skip mongoose's casting, which would leave an unset field out instead of storing null. */
export function withoutUndefined(doc: object): object {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined));
}
