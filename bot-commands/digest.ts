import { buildDigestForActor } from '../src/crm/digests/build-digest-for-actor.js';
import type { DigestKind } from '../src/crm/digests/digest-schedule.js';
import { InvalidInput } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { foldWidth } from './framework/fold-width.js';
import type { CrmServices } from './support/crm-services.js';
import { can } from '../src/crm/permissions/access-of.js';

const KINDS: Record<string, DigestKind> = {
  日报: 'daily', 今天: 'daily', 今日: 'daily', day: 'daily', daily: 'daily', today: 'daily',
  周报: 'weekly', 上周: 'weekly', 本周: 'weekly', week: 'weekly', weekly: 'weekly',
  待办: 'morning', 待联系: 'morning', 早报: 'morning', morning: 'morning', todo: 'morning',
};

/**
 * The scheduled digest, on demand: what the recipient's next digest would say now. Managers and
 * admins get the team's day (or last week); salespeople get their list of whom to contact today.
 */
export const digestCommand = defineCommand<'kind', CrmServices>({
  name: 'digest',
  aliases: ['日报', '摘要', '简报', 'brief'],
  pinyin: ['ribao', 'rb', 'zhaiyao', 'zy', 'jianbao', 'jb'],
  summary: '团队日报/周报预览；销售看今日待联系',
  en: { summary: "The team's daily/weekly digest; for sales, whom to contact today" },
  args: [{ name: 'kind', label: '日报|周报|待联系', labelEn: 'daily|weekly|morning', required: false }],
  permission: 'everyone',
  help:
    '经理和管理员默认看今天的团队日报（新客户、人均跟进、阶段变化、逾期、超周期未联系、明日提醒），' +
    '加「周报」看上周对比；销售默认看自己今天要联系的客户和提醒（逾期在前）。每天 18:05 和周一 09:05 会自动推送。',
  examples: ['/日报', '/日报 周报', '/digest weekly', '/日报 待联系'],
  async handler(ctx, { args }) {
    const wanted = foldWidth(args.kind).trim().toLowerCase();
    const manager = can(ctx.actor, 'dashboard', 'view');
    const kind: DigestKind | undefined = wanted === '' ? (manager ? 'daily' : 'morning') : KINDS[wanted];
    if (!kind) throw new InvalidInput(`没有「${args.kind}」这种摘要。可选：日报、周报、待联系（daily / weekly / morning）。`);
    const { document } = await buildDigestForActor({
      actor: ctx.actor,
      kind,
      asOf: ctx.now,
      timezone: ctx.tenantTimeZone,
      refusal: '日报和周报面向经理和管理员；发送 /日报 查看你今天要联系的客户。',
    });
    const fitted = ctx.renderer.fitDocument(document);
    // A reply is one message: when the digest needs several, the key numbers stand in for it.
    return fitted.form === 'markdown' ? fitted.bodies[0]! : { type: 'card', card: fitted.summary };
  },
});
