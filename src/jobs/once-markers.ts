import mongoose, { Schema } from 'mongoose';
import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';

/** Work done once per key (e.g. a tenant's contact-cycle sweep for one local day). */
interface OnceMarkerDoc {
  _id: string;
  at: Date;
}

const onceMarkerSchema = new Schema<OnceMarkerDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'job_once_markers', versionKey: false },
);

export const OnceMarker =
  (mongoose.models.OnceMarker as mongoose.Model<OnceMarkerDoc> | undefined) ??
  mongoose.model<OnceMarkerDoc>('OnceMarker', onceMarkerSchema);

export async function isMarkedDone(key: string): Promise<boolean> {
  return (await OnceMarker.exists({ _id: key })) !== null;
}

/** Records the work as done; the work itself must be idempotent, since a crash before this repeats it. */
export async function markDone(key: string, at: Date): Promise<void> {
  try {
    await OnceMarker.create({ _id: key, at });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
