import mongoose, { Schema } from 'mongoose';

/** One (timestamp, sign) header pair of a robot callback and the message it was first seen with. */
export interface RobotSignUseDoc {
  sign: string;
  timestamp: string;
  msgId: string;
  /** When the pair can no longer verify (timestamp + the sign window); the row is useless after. */
  expiresAt: Date;
}

const robotSignUseSchema = new Schema<RobotSignUseDoc>(
  {
    sign: { type: String, required: true },
    timestamp: { type: String, required: true },
    msgId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'dingtalk_robot_sign_uses', versionKey: false },
);
// The binding itself: a pair can name one message only, whichever instance sees it first.
robotSignUseSchema.index({ sign: 1, timestamp: 1 }, { unique: true });
// Real MongoDB expires rows by itself; claim-robot-sign also deletes them (servers without TTL).
robotSignUseSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RobotSignUse =
  (mongoose.models.DingTalkRobotSignUse as mongoose.Model<RobotSignUseDoc> | undefined) ??
  mongoose.model<RobotSignUseDoc>('DingTalkRobotSignUse', robotSignUseSchema);
