import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { RobotSignUse } from './robot-sign-use-model.js';
import { RobotSignatureError, ROBOT_SIGN_WINDOW_MS } from './verify-robot-sign.js';

export interface RobotSignClaim {
  timestamp: string;
  sign: string;
  msgId: string;
}

export interface RobotSignLedger {
  /**
   * Binds a verified (timestamp, sign) pair to the message it arrived with. DingTalk's robot sign
   * covers only the timestamp and the app secret, not the body, so without this one captured pair
   * could carry any body for the whole window. The same message again (a retry) passes; another
   * message with a used pair throws {@link RobotSignatureError} `reused_sign`.
   */
  claim(input: RobotSignClaim): Promise<void>;
}

/** How often expired pairs are deleted (per ledger, i.e. per built app). */
const PURGE_EVERY_MS = 60_000;

export function createRobotSignLedger(options: { now?: () => number } = {}): RobotSignLedger {
  const now = options.now ?? Date.now;
  let lastPurgeMs = 0;
  return {
    async claim({ timestamp, sign, msgId }) {
      const nowMs = now();
      if (nowMs - lastPurgeMs >= PURGE_EVERY_MS) {
        lastPurgeMs = nowMs;
        // Explicit, because not every MongoDB-wire server honours the TTL index.
        await RobotSignUse.deleteMany({ expiresAt: { $lt: new Date(nowMs) } });
      }
      // The unique index must exist before the first insert, or two racing inserts both succeed.
      await RobotSignUse.init();
      // A pair verifies while its timestamp is within the window of now, so it stays claimable until then.
      const expiresAt = new Date(Number(timestamp) + ROBOT_SIGN_WINDOW_MS);
      try {
        await RobotSignUse.create({ sign, timestamp, msgId, expiresAt });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await RobotSignUse.findOne({ sign, timestamp }, { msgId: 1 }).lean();
      if (existing?.msgId !== msgId) throw new RobotSignatureError('reused_sign');
    },
  };
}
