import type { Types } from 'mongoose';
import { FOLLOW_UP_CHANNELS, type FollowUpChannel } from '../models/activity.js';
import type { CustomerLookup } from './customer-lookup.js';
import type { ColumnMapping } from './import-mapping.js';
import type { FieldError } from './parse-import-row.js';
import { parseDate } from './parse-import-row.js';
import { mappedCells } from './kind-columns.js';
import type { SheetRow } from './read-import-rows.js';
import type { StaffDirectory } from './staff-directory.js';

export interface ImportFollowUp {
  customerId: Types.ObjectId;
  at: Date;
  channel: FollowUpChannel;
  content: string;
  authorId: Types.ObjectId | null;
}

export interface FollowUpRowContext {
  labels: string[];
  mapping: ColumnMapping;
  customers: CustomerLookup;
  staff: StaffDirectory;
  /** Who wrote rows without an author cell (the import's creator). */
  defaultAuthorId: Types.ObjectId | null;
  timezone: string;
}

export type ParsedFollowUpRow = { ok: true; followUp: ImportFollowUp } | { ok: false; errors: FieldError[] };

/** How people write the channel, folded to lower case. */
const CHANNEL_WORDS: Record<string, FollowUpChannel> = {
  电话: 'phone', 打电话: 'phone', 通话: 'phone', 微信: 'wechat', 企业微信: 'wechat', 企微: 'wechat', 会议: 'meeting', 开会: 'meeting',
  视频会议: 'meeting', 拜访: 'visit', 上门: 'visit', 面谈: 'visit', 邮件: 'email', 邮箱: 'email', 其他: 'other', 其它: 'other',
  call: 'phone', wecom: 'wechat', weixin: 'wechat', visit: 'visit', 'e-mail': 'email', mail: 'email',
};
const CONTENT_MAX = 5000;

/** Validates one row of a follow-up history file; every problem is reported by field, none throws. */
export function parseFollowUpRow(row: SheetRow, ctx: FollowUpRowContext): ParsedFollowUpRow {
  const errors: FieldError[] = [];
  const cells = mappedCells(row, ctx.labels, ctx.mapping, errors);

  const customer = ctx.customers.find({ code: cells.get('customerCode'), phone: cells.get('customerPhone'), name: cells.get('customer') });
  if ('problem' in customer) errors.push({ field: 'customer', message: customer.problem });

  const atText = cells.get('at');
  const at = atText ? parseDate(atText, ctx.timezone) : null;
  if (!atText) errors.push({ field: 'at', message: 'required: when the follow-up happened' });
  else if (!at) errors.push({ field: 'at', message: `"${atText.slice(0, 40)}" is not a date (use 2024-05-31 or 2024/5/31 14:30)` });

  let channel: FollowUpChannel = 'other';
  const channelText = cells.get('channel');
  if (channelText) {
    const folded = channelText.normalize('NFKC').toLowerCase();
    const known = (FOLLOW_UP_CHANNELS as readonly string[]).includes(folded) ? (folded as FollowUpChannel) : CHANNEL_WORDS[folded];
    if (known) channel = known;
    else errors.push({ field: 'channel', message: `unknown channel "${channelText.slice(0, 40)}"; use 电话/微信/会议/拜访/邮件/其他 or ${FOLLOW_UP_CHANNELS.join(', ')}` });
  }

  const content = cells.get('content');
  if (!content) errors.push({ field: 'content', message: 'required (empty cell)' });
  else if (content.length > CONTENT_MAX) errors.push({ field: 'content', message: `at most ${CONTENT_MAX} characters (got ${content.length})` });

  let authorId = ctx.defaultAuthorId;
  const authorText = cells.get('author');
  if (authorText) {
    const author = ctx.staff.resolve(authorText);
    if ('id' in author) authorId = author.id;
    else errors.push({ field: 'author', message: author.problem });
  }

  if (errors.length > 0 || !('id' in customer) || !at || !content) return { ok: false, errors };
  return { ok: true, followUp: { customerId: customer.id, at, channel, content, authorId } };
}
