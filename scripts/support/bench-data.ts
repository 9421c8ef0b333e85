// What the data-generating benchmarks share: a seeded random source, bulk inserts, and the two
// index reports (the indexes the models declare; the plans a real MongoDB chooses).
import mongoose from 'mongoose';

/** Deterministic random numbers in [0, 1) (mulberry32), so every run of a bench seeds the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts the generated documents straight into the collection, `batchSize` at a time; returns how many. */
export async function insertInBatches(collection: string, docs: () => Generator<Record<string, unknown>>, batchSize = 10_000): Promise<number> {
  const coll = mongoose.connection.db!.collection(collection);
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  for (const doc of docs()) {
    batch.push(doc);
    if (batch.length === batchSize) {
      await coll.insertMany(batch, { ordered: false });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) await coll.insertMany(batch, { ordered: false });
  return count + batch.length;
}

/** The indexes every registered model declares, by collection, as JSON of their fields. */
export function declaredIndexes(): Map<string, string[]> {
  const byCollection = new Map<string, string[]>();
  for (const model of Object.values(mongoose.models)) {
    const names = model.schema.indexes().map(([fields]) => JSON.stringify(fields));
    byCollection.set(model.collection.collectionName, [...(byCollection.get(model.collection.collectionName) ?? []), ...names]);
  }
  return byCollection;
}

export interface SentQuery {
  collection: string;
  method: string;
  args: unknown[];
}

/** The index each recorded find/aggregate would use, from `explain`; one line saying so where the server has no explain. */
export async function explainQueries(sent: readonly SentQuery[]): Promise<string[]> {
  const db = mongoose.connection.db!;
  const out: string[] = [];
  for (const q of sent) {
    if (q.method !== 'aggregate' && q.method !== 'find') continue;
    try {
      const coll = db.collection(q.collection);
      const plan =
        q.method === 'find'
          ? await coll.find(q.args[0] as Record<string, unknown>).explain('queryPlanner')
          : await coll.aggregate(q.args[0] as Record<string, unknown>[]).explain('queryPlanner');
      const text = JSON.stringify(plan);
      const used = [...new Set([...text.matchAll(/"indexName":"([^"]+)"/g)].map((m) => m[1]))];
      out.push(`${q.collection}.${q.method}: ${used.length ? used.join(', ') : text.includes('COLLSCAN') ? 'COLLSCAN' : 'no index named in the plan'}`);
    } catch (error) {
      return [`explain is not available on this server (${(error as Error).message.slice(0, 80)}); run with MONGODB_URI=<real MongoDB> to see the chosen plans`];
    }
  }
  return [...new Set(out)];
}
