import { DateTime } from 'luxon';
import type { DailyDigest, Digest, FollowUpStats, MorningList, OverdueItem, SilentItem, StageMoveStats, WeeklyDigest } from '../digest-types.js';
import { escapeMarkdown as esc, type MarkdownDialect } from './markdown-dialect.js';

/**
 * A digest as blocks of markdown lines. A block's first line is its heading; the rest are list
 * items that may be cut from the end (with a "…还有 N 项" line) to fit a message.
 */
export interface DigestBlock {
  lines: string[];
  /** Items not shown even before any cut (the digest keeps only the top N). */
  hiddenItems: number;
}

export interface DigestDocument {
  title: string;
  blocks: DigestBlock[];
}

const WEEKDAYS = ['', '一', '二', '三', '四', '五', '六', '日'];

function day(iso: string, tz: string): string {
  const d = DateTime.fromISO(iso, { zone: tz });
  return `${d.month}月${d.day}日（周${WEEKDAYS[d.weekday]}）`;
}

function time(iso: string, tz: string): string {
  return DateTime.fromISO(iso, { zone: tz }).toFormat('HH:mm');
}

function shortDate(iso: string, tz: string): string {
  const d = DateTime.fromISO(iso, { zone: tz });
  return `${d.month}/${d.day}`;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function block(heading: string, items: string[] = [], total = items.length): DigestBlock {
  return { lines: [heading, ...items], hiddenItems: Math.max(0, total - items.length) };
}

function scopeLine(d: Digest): string {
  const who = d.scope.wholeTenant ? '全公司' : d.scope.departments.length ? d.scope.departments.map(esc).join('、') : esc(d.recipient.name);
  return `> ${who} · ${d.scope.memberCount} 人`;
}

function followUpBlock(f: FollowUpStats, m: MarkdownDialect, heading: string): DigestBlock {
  const items = f.reps.map((r) => {
    const diff = r.vsAverage === 0 ? '持平' : signed(r.vsAverage);
    const text = `- ${esc(r.name)} ${r.count}（${diff}）`;
    return r.count === 0 ? m.tone(text, 'warning') : text;
  });
  return block(`**${heading} ${f.total} 次**，人均 ${f.teamAverage}`, items);
}

function stageMoveBlock(s: StageMoveStats, m: MarkdownDialect, heading: string): DigestBlock {
  const items = s.items.map((i) => {
    const line = `- ${esc(i.name)}（${esc(i.ownerName)}）：${esc(i.from)} → ${esc(i.to)}`;
    return i.won ? m.tone(`${line} ✔`, 'info') : line;
  });
  return block(`**${heading} ${s.total}**，成交 ${m.tone(String(s.won), 'info')}`, items, s.total);
}

function overdueBlock(o: { total: number; top: OverdueItem[] }, m: MarkdownDialect): DigestBlock {
  const items = o.top.map((i) => `- ${esc(i.name)} ${i.code} · ${esc(i.ownerName)} · ${m.tone(`逾期 ${i.daysOverdue} 天`, 'warning')}`);
  return block(`**逾期未跟进 ${o.total}**`, items, o.total);
}

function silentBlock(s: { total: number; top: SilentItem[] }): DigestBlock {
  const items = s.top.map((i) => `- ${esc(i.name)} ${i.code} · ${esc(i.ownerName)} · ${i.daysSilent} 天未联系（周期 ${i.contactCycleDays} 天）`);
  return block(`**超出联系周期 ${s.total}**`, items, s.total);
}

function sourcesLine(bySource: { source: string | null; count: number }[]): string {
  return bySource.map((s) => `${s.source ? esc(s.source) : '未填来源'} ${s.count}`).join('、');
}

function dailyDocument(d: DailyDigest, m: MarkdownDialect): DigestDocument {
  const tz = d.period.timezone;
  const title = `销售日报 ${day(d.period.start, tz)}`;
  const newLine = `**新增客户 ${d.newCustomers.total}**${d.newCustomers.total ? `：${sourcesLine(d.newCustomers.bySource)}` : ''}`;
  const reminders = d.remindersTomorrow.items.map(
    (r) => `- ${time(r.dueAt, tz)} ${esc(r.staffName)}：${esc(r.text)}${r.customerName ? `（${esc(r.customerName)}）` : ''}`,
  );
  return {
    title,
    blocks: [
      block(`## ${title}`, [scopeLine(d)]),
      block(newLine),
      followUpBlock(d.followUps, m, '跟进'),
      stageMoveBlock(d.stageMoves, m, '阶段变化'),
      overdueBlock(d.overdue, m),
      silentBlock(d.silent),
      block(`**明日提醒 ${d.remindersTomorrow.total}**`, reminders, d.remindersTomorrow.total),
    ],
  };
}

function weeklyDocument(d: WeeklyDigest, m: MarkdownDialect): DigestDocument {
  const tz = d.period.timezone;
  const lastDay = new Date(new Date(d.period.end).getTime() - 1).toISOString();
  const title = `销售周报 ${shortDate(d.period.start, tz)}–${shortDate(lastDay, tz)}`;
  const c = d.compare;
  const cmp = (label: string, w: { current: number; previous: number; change: number }) =>
    `- ${label} ${w.current}（上周 ${w.previous}，${w.change === 0 ? '持平' : signed(w.change)}）`;
  const funnel = d.funnel.map((s) => `- ${esc(s.name)} ${s.count}`);
  const top = d.topReps.map((r, i) => `${i + 1}. ${esc(r.name)} 成交 ${r.won} · 跟进 ${r.followUps}`);
  return {
    title,
    blocks: [
      block(`## ${title}`, [scopeLine(d)]),
      block('**本周对比上周**', [cmp('新增客户', c.newCustomers), cmp('跟进', c.followUps), cmp('成交', c.won), cmp('阶段变化', c.stageMoves)]),
      block('**阶段漏斗**', funnel),
      block('**本周之星**', top.length ? top : ['- 本周暂无']),
      followUpBlock(d.followUps, m, '跟进'),
      stageMoveBlock(d.stageMoves, m, '阶段变化'),
      overdueBlock(d.overdue, m),
      silentBlock(d.silent),
    ],
  };
}

function morningDocument(d: MorningList, m: MarkdownDialect): DigestDocument {
  const tz = d.period.timezone;
  const title = `今日待联系 ${day(d.period.start, tz)}`;
  const line = (i: MorningList['items'][number]) => {
    const when = i.overdue ? m.tone(`逾期 ${shortDate(i.dueAt, tz)}`, 'warning') : time(i.dueAt, tz);
    const who = i.customerName ? esc(i.customerName) : '';
    return i.type === 'follow_up'
      ? `- ${when} 跟进 ${who}${i.customerCode ? ` ${i.customerCode}` : ''}`
      : `- ${when} 提醒：${esc(i.text ?? '')}${who ? `（${who}）` : ''}`;
  };
  const total = d.overdueCount + d.todayCount;
  return {
    title,
    blocks: [
      block(`## ${title}`, [`> ${esc(d.recipient.name)} · 逾期 ${d.overdueCount} · 今日 ${d.todayCount}`]),
      block(total ? '**待办**' : '今天没有到期的跟进和提醒。', d.items.map(line), total),
    ],
  };
}

export function digestDocument(digest: Digest, dialect: MarkdownDialect): DigestDocument {
  switch (digest.kind) {
    case 'daily':
      return dailyDocument(digest, dialect);
    case 'weekly':
      return weeklyDocument(digest, dialect);
    case 'morning':
      return morningDocument(digest, dialect);
  }
}
