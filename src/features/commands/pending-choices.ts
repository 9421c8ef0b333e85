import type { Types } from 'mongoose';
import { CHOICE_MINUTES } from '../../../bot-commands/support/find-customer-by-reference.js';
import { tr, type ReplyLanguage } from '../../../bot-commands/framework/reply-language.js';
import { foldWidth } from '../../../bot-commands/framework/fold-width.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import { PendingChoice } from './pending-choice-model.js';

const BARE_NUMBER = /^\s*(\d{1,2})\s*[.。、]?\s*$/;

/** Keeps the list a reply just showed as this person's choice for CHOICE_MINUTES (replacing any older one). */
export async function keepChoices(input: { tenantId: Types.ObjectId; staffId: Types.ObjectId; eventKey: string; options: string[]; now: Date }): Promise<void> {
  await PendingChoice.updateOne(
    { tenantId: input.tenantId, staffId: input.staffId },
    {
      $set: {
        options: input.options,
        eventKey: input.eventKey,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + CHOICE_MINUTES * 60_000),
      },
    },
    { upsert: true },
  );
}

export type ChoiceAnswer =
  /** Not a bare number: run the text as it is. */
  | { kind: 'none' }
  /** A number from the list: run this line instead; `release` forgets the list once the run is recorded. */
  | { kind: 'line'; line: string; release: () => Promise<void> }
  /** A number without a live list, or out of its range: say so. */
  | { kind: 'reply'; reply: MessageBody };

/**
 * A bare number ("1", "２") answers the last numbered list sent to this person within
 * CHOICE_MINUTES. The list stays until the chosen line has run (a redelivered "1" finds it again).
 */
export async function answerChoice(input: {
  tenantId: Types.ObjectId;
  staffId: Types.ObjectId;
  text: string;
  now: Date;
  language: ReplyLanguage | undefined;
}): Promise<ChoiceAnswer> {
  const m = BARE_NUMBER.exec(foldWidth(input.text));
  if (!m) return { kind: 'none' };
  const lang = input.language ?? 'zh';
  const pending = await PendingChoice.findOne({ tenantId: input.tenantId, staffId: input.staffId, expiresAt: { $gt: input.now } }).lean();
  if (!pending || pending.options.length === 0) {
    return {
      kind: 'reply',
      reply: {
        type: 'text',
        text: tr(
          lang,
          `没有等你选择的列表（列表发出后 ${CHOICE_MINUTES} 分钟内可以回复编号）。请重新发送命令，例如 /客户 王五。`,
          `There is no list waiting for your choice (a list can be answered with its number for ${CHOICE_MINUTES} minutes). Send the command again, e.g. /customer Wang.`,
        ),
      },
    };
  }
  const n = Number(m[1]);
  const line = pending.options[n - 1];
  if (line === undefined) {
    const range = pending.options.length === 2 ? tr(lang, '1 或 2', '1 or 2') : `1–${pending.options.length}`;
    return { kind: 'reply', reply: { type: 'text', text: tr(lang, `请回复 ${range} 选择。`, `Reply ${range} to choose.`) } };
  }
  return {
    kind: 'line',
    line,
    release: async () => {
      await PendingChoice.deleteOne({ _id: pending._id, eventKey: pending.eventKey });
    },
  };
}
