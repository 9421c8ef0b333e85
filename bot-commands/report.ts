import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { closedStageKeys } from '../src/crm/digests/digest-helpers.js';
import { InvalidInput } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { foldWidth } from './framework/fold-width.js';
import type { CrmServices } from './support/crm-services.js';
import { formatInstant } from './support/format-when.js';
import { can } from '../src/crm/permissions/access-of.js';

type Span = 'day' | 'week' | 'month';

const SPANS: Record<string, Span> = {
  today: 'day', day: 'day', daily: 'day', 今天: 'day', 今日: 'day', 日: 'day', 日报: 'day',
  week: 'week', weekly: 'week', 本周: 'week', 这周: 'week', 周: 'week', 周报: 'week',
  month: 'month', monthly: 'month', 本月: 'month', 这个月: 'month', 月: 'month', 月报: 'month',
};
const SPAN_LABEL: Record<Span, string> = { day: '今天', week: '本周', month: '本月' };
const MAX_REPS = 10;

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export const reportCommand = defineCommand<'period', CrmServices>({
  name: 'report',
  aliases: ['报表', '统计', 'stats'],
  pinyin: ['baobiao', 'bb', 'tongji'],
  summary: '跟进、新客户、阶段推进的统计',
  en: { summary: 'Follow-ups, new customers and stage moves in numbers' },
  args: [{ name: 'period', label: 'today|week|month', required: false }],
  permission: 'everyone',
  help: '默认今天；也可以 本周 / 本月（today / week / month）。销售看自己的，经理看所在部门的团队，管理员看全公司。',
  examples: ['/报表', '/报表 本周', '/report month'],
  async handler(ctx, { args }) {
    const wanted = foldWidth(args.period).trim().toLowerCase();
    const span = wanted === '' ? 'day' : SPANS[wanted];
    if (!span) throw new InvalidInput(`没有「${args.period}」这个统计周期。可选：今天、本周、本月（today / week / month）。`);
    const zone = ctx.tenantTimeZone;
    const start = DateTime.fromJSDate(ctx.now, { zone }).startOf(span);
    const range = { start: start.toJSDate(), end: start.plus({ [`${span}s`]: 1 }).toJSDate() };

    const stages = await ctx.services.getTenantStages(ctx.actor.tenantId);
    const closed = closedStageKeys(stages);
    const won = new Set(stages.filter((s) => s.won).map((s) => s.key));
    const team = can(ctx.actor, 'dashboard', 'view');
    const visible: Types.ObjectId[] | 'all' = !team ? [ctx.actor.staffId] : await ctx.services.visibleStaffIds(ctx.actor);
    const facts =
      visible === 'all' ? ctx.services.tenantFacts(ctx.actor.tenantId, closed) : ctx.services.teamFacts(ctx.actor.tenantId, visible, closed);
    const inTeam = (id: string | null) => id !== null && (visible === 'all' || visible.some((v) => String(v) === id));

    const [followUps, created, moves, overdue] = await Promise.all([
      facts.followUpsByAuthor(range),
      facts.newCustomers(range),
      facts.stageMoves(range),
      facts.overdue(ctx.now),
    ]);
    const followUpsByRep = new Map([...followUps].filter(([id]) => inTeam(id)));
    const createdInTeam = created.filter((c) => inTeam(c.ownerId));
    const movesInTeam = moves.filter((m) => inTeam(m.ownerId));
    const overdueInTeam = overdue.filter((o) => inTeam(o.ownerId));

    const lines: string[] = [];
    if (team) {
      const perRep = new Map<string, { followUps: number; created: number }>();
      for (const [id, n] of followUpsByRep) perRep.set(id, { followUps: n, created: 0 });
      for (const c of createdInTeam) {
        const row = perRep.get(c.ownerId) ?? { followUps: 0, created: 0 };
        row.created += c.count;
        perRep.set(c.ownerId, row);
      }
      const names = await ctx.services.staffNamesById(ctx.actor.tenantId, perRep.keys());
      const ranked = [...perRep].sort((a, b) => b[1].followUps - a[1].followUps || b[1].created - a[1].created);
      if (ranked.length) lines.push('按人：');
      for (const [id, row] of ranked.slice(0, MAX_REPS)) lines.push(`${names.get(id) ?? '?'}：跟进 ${row.followUps}，新客户 ${row.created}`);
      if (ranked.length > MAX_REPS) lines.push(`…还有 ${ranked.length - MAX_REPS} 人`);
    }
    const wonMoves = movesInTeam.filter((m) => won.has(m.to));
    if (wonMoves.length) lines.push(`成交：${wonMoves.slice(0, 5).map((m) => `${m.name}（${m.code}）`).join('、')}${wonMoves.length > 5 ? ' 等' : ''}`);

    const who = !team ? '我的' : visible === 'all' ? '全公司' : '团队';
    const periodText =
      span === 'day'
        ? formatInstant(range.start, zone, ctx.now, { time: false })
        : `${formatInstant(range.start, zone, ctx.now, { time: false })} 起`;
    return {
      type: 'card',
      card: {
        title: `${who}${SPAN_LABEL[span]}报表`,
        subtitle: periodText,
        fields: [
          { label: '跟进', value: `${sum(followUpsByRep.values())} 次` },
          { label: '新客户', value: `${sum(createdInTeam.map((c) => c.count))} 个` },
          { label: '阶段推进', value: `${movesInTeam.length} 次（成交 ${wonMoves.length}）` },
          { label: '逾期未跟进', value: `${overdueInTeam.length} 个` },
        ],
        ...(lines.length ? { lines } : {}),
      },
    };
  },
});
