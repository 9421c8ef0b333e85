import mongoose, { Schema } from 'mongoose';

const counterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', versionKey: false },
);

export const Counter = mongoose.model('Counter', counterSchema);

/** Atomically takes the next number of a per-tenant sequence. */
export async function nextSequence(name: string): Promise<number> {
  return reserveSequence(name, 1);
}

/** Takes `count` consecutive numbers of a sequence at once; returns the last (the first is last - count + 1). */
export async function reserveSequence(name: string, count: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: count } }, { upsert: true, new: true }).lean<{
        seq: number;
      }>();
      return doc!.seq;
    } catch (error) {
      // Two first-ever upserts can race to insert the counter; the loser simply retries.
      if ((error as { code?: number }).code === 11000 && attempt < 5) continue;
      throw error;
    }
  }
}
