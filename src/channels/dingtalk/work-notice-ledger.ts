import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

/**
 * DingTalk silently drops a work notification whose content a user already received that day, and
 * anything past 500 notifications per user per day — yet the API still answers "ok". Recording what we
 * sent lets us skip such sends (and a retried send after a crash) instead of believing they arrived.
 */
interface WorkNoticeLedgerDoc {
  _id: string;
  n?: number;
  expiresAt: Date;
}

const ledgerSchema = new Schema<WorkNoticeLedgerDoc>(
  {
    _id: { type: String, required: true },
    n: { type: Number },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'dingtalk_work_notice_ledger', versionKey: false },
);
ledgerSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const WorkNoticeLedger =
  (mongoose.models.DingTalkWorkNoticeLedger as mongoose.Model<WorkNoticeLedgerDoc> | undefined) ??
  mongoose.model<WorkNoticeLedgerDoc>('DingTalkWorkNoticeLedger', ledgerSchema);

export const WORK_NOTICES_PER_USER_PER_DAY = 500;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** DingTalk's "day" is the China calendar day (UTC+8, no DST). */
export function chinaDay(nowMs: number): string {
  return new Date(nowMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function endOfChinaDay(nowMs: number): Date {
  const dayStart = Date.parse(`${chinaDay(nowMs)}T00:00:00Z`) - CHINA_OFFSET_MS;
  return new Date(dayStart + 24 * 3600_000 + 3600_000);
}

export function contentHash(msg: unknown): string {
  return createHash('sha256').update(JSON.stringify(msg)).digest('hex').slice(0, 32);
}

export interface LedgerClaim {
  accepted: string[];
  duplicate: string[];
  overLimit: string[];
  /** Undo for accepted users whose send failed (default: all accepted). */
  release(userIds?: string[]): Promise<void>;
}

export async function claimWorkNotice(
  scope: string,
  userIds: string[],
  hash: string,
  nowMs: number,
  perUserDailyLimit = WORK_NOTICES_PER_USER_PER_DAY,
): Promise<LedgerClaim> {
  const day = chinaDay(nowMs);
  const expiresAt = endOfChinaDay(nowMs);
  const accepted: string[] = [];
  const duplicate: string[] = [];
  const overLimit: string[] = [];
  for (const userId of [...new Set(userIds)]) {
    const contentId = `${scope}:${day}:${userId}:${hash}`;
    try {
      await WorkNoticeLedger.create({ _id: contentId, expiresAt });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        duplicate.push(userId);
        continue;
      }
      throw error;
    }
    const counter = await WorkNoticeLedger.findOneAndUpdate(
      { _id: `${scope}:${day}:${userId}:count` },
      { $inc: { n: 1 }, $setOnInsert: { expiresAt } },
      { upsert: true, new: true },
    ).lean();
    if ((counter?.n ?? 0) > perUserDailyLimit) {
      await WorkNoticeLedger.deleteOne({ _id: contentId });
      await WorkNoticeLedger.updateOne({ _id: `${scope}:${day}:${userId}:count` }, { $inc: { n: -1 } });
      overLimit.push(userId);
      continue;
    }
    accepted.push(userId);
  }
  return {
    accepted,
    duplicate,
    overLimit,
    async release(userIds = accepted) {
      for (const userId of userIds.filter((u) => accepted.includes(u))) {
        await WorkNoticeLedger.deleteOne({ _id: `${scope}:${day}:${userId}:${hash}` });
        await WorkNoticeLedger.updateOne({ _id: `${scope}:${day}:${userId}:count` }, { $inc: { n: -1 } });
      }
    },
  };
}
