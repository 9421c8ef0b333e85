import { DateTime } from 'luxon';
import type { ChatDocument, DocumentLine, DocumentSection, Span } from '../../messaging/chat-document.js';
import { digestSummaryCard } from './digest-summary-card.js';
import { formatMoney } from '../money.js';
import type { AtRiskImportantItem, DailyDigest, Digest, FollowUpStats, ImportantUncontactedItem, MorningList, OverdueItem, PipelineForecast, PipelineSummary, SilentItem, StageMoveStats, TicketBreachItem, WeeklyDigest } from './digest-types.js';

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

const plain = (text: string): Span => ({ text });
const strong = (text: string): Span => ({ text, strong: true });
const item = (...spans: Span[]): DocumentLine => ({ kind: 'item', spans });
const heading = (...spans: Span[]): DocumentLine => ({ kind: 'text', spans });

function section(head: DocumentLine, items: DocumentLine[] = [], total = items.length): DocumentSection {
  return { heading: head, items, hiddenItems: Math.max(0, total - items.length) };
}

function titleSection(title: string, note: string): DocumentSection {
  return section({ kind: 'title', text: title }, [{ kind: 'note', spans: [plain(note)] }]);
}

function scopeNote(d: Digest): string {
  const who = d.scope.wholeTenant ? '全公司' : d.scope.departments.length ? d.scope.departments.join('、') : d.recipient.name;
  return `${who} · ${d.scope.memberCount} 人`;
}

function followUpSection(f: FollowUpStats, title: string): DocumentSection {
  const items = f.reps.map((r): DocumentLine => {
    const diff = r.vsAverage === 0 ? '持平' : signed(r.vsAverage);
    // Nobody followed up: the whole line stands out.
    return { kind: 'item', spans: [plain(`${r.name} ${r.count}（${diff}）`)], ...(r.count === 0 ? { tone: 'warning' as const } : {}) };
  });
  return section(heading(strong(`${title} ${f.total} 次`), plain(`，人均 ${f.teamAverage}`)), items);
}

function stageMoveSection(s: StageMoveStats, title: string): DocumentSection {
  const items = s.items.map((i): DocumentLine => {
    const move = `${i.name}（${i.ownerName}）：${i.from} → ${i.to}`;
    return i.won ? { kind: 'item', spans: [plain(`${move} ✔`)], tone: 'info' } : item(plain(move));
  });
  return section(heading(strong(`${title} ${s.total}`), plain('，成交 '), { text: String(s.won), tone: 'info' }), items, s.total);
}

function overdueSection(o: { total: number; top: OverdueItem[] }): DocumentSection {
  const items = o.top.map((i) => item(plain(`${i.name} ${i.code} · ${i.ownerName} · `), { text: `逾期 ${i.daysOverdue} 天`, tone: 'warning' }));
  return section(heading(strong(`逾期未跟进 ${o.total}`)), items, o.total);
}

function silentSection(s: { total: number; top: SilentItem[] }): DocumentSection {
  const items = s.top.map((i) => item(plain(`${i.name} ${i.code} · ${i.ownerName} · ${i.daysSilent} 天未联系（周期 ${i.contactCycleDays} 天）`)));
  return section(heading(strong(`超出联系周期 ${s.total}`)), items, s.total);
}

/** The money side: forecasts, won/lost with reasons, payments in the period, overdue now. */
function pipelineSection(p: PipelineSummary, periodWord: string): DocumentSection {
  const money = (n: number) => formatMoney(n, p.currency);
  const forecast = (label: string, f: PipelineForecast) =>
    item(plain(`${label}（${f.key}）：加权 ${money(f.weighted)} · 承诺 ${money(f.commit)}（${f.commitDeals} 单）· 已赢单 ${money(f.won)}`));
  const reasons = p.lost.reasons.map((r) => `${r.reason} ${r.count}`).join('、');
  const overdue: DocumentLine =
    p.overdue.amount > 0
      ? item({ text: `逾期未回款 ${money(p.overdue.amount)}（${p.overdue.contracts} 份合同）`, tone: 'warning' })
      : item(plain('逾期未回款 0'));
  return section(heading(strong('商机与回款')), [
    forecast('本月预测', p.month),
    forecast('本季度预测', p.quarter),
    item(plain(`${periodWord}赢单 ${p.won.count} 单 ${money(p.won.amount)} · 输单 ${p.lost.count} 单 ${money(p.lost.amount)}${reasons ? `（${reasons}）` : ''}`)),
    item(plain(`${periodWord}回款 ${money(p.paymentsReceived.amount)}（${p.paymentsReceived.count} 笔）`)),
    overdue,
  ]);
}

function ticketBreachSection(t: { total: number; top: TicketBreachItem[] }): DocumentSection {
  const items = t.top.map((i) =>
    item(plain(`${i.number} ${i.title}${i.customerName ? `（${i.customerName}）` : ''} · ${i.assigneeName} · `), { text: `超时 ${i.hoursOverdue} 小时`, tone: 'warning' }),
  );
  return section(heading(strong(`工单超时 ${t.total}`)), items, t.total);
}

/** 重要客户本月无人联系: important RFM segments nobody contacted this calendar month. */
function importantUncontactedDocSection(s: { total: number; top: ImportantUncontactedItem[] }): DocumentSection {
  const items = s.top.map((i) =>
    item(plain(`${i.name} ${i.code} · ${i.segment} · ${i.ownerName} · `), { text: i.daysSilent === null ? '从未联系' : `${i.daysSilent} 天未联系`, tone: 'warning' }),
  );
  return section(heading(strong(`重要客户本月无人联系 ${s.total}`)), items, s.total);
}

/** 流失风险高的重要客户: important customers the churn model rates high, with its reasons. */
function atRiskImportantDocSection(s: { total: number; top: AtRiskImportantItem[] }): DocumentSection {
  const items = s.top.map((i) =>
    item(plain(`${i.name} ${i.code} · ${i.segment} · ${i.ownerName} · `), { text: `流失风险 ${Math.round(i.probability * 100)}%`, tone: 'warning' }, plain(i.reasons.length ? `（${i.reasons.join('、')}）` : '')),
  );
  return section(heading(strong(`流失风险高的重要客户 ${s.total}`)), items, s.total);
}

function sourcesText(bySource: { source: string | null; count: number }[]): string {
  return bySource.map((s) => `${s.source ? s.source : '未填来源'} ${s.count}`).join('、');
}

function dailySections(d: DailyDigest, title: string): DocumentSection[] {
  const tz = d.period.timezone;
  const total = d.newCustomers.total;
  const reminders = d.remindersTomorrow.items.map((r) =>
    item(plain(`${time(r.dueAt, tz)} ${r.staffName}：${r.text}${r.customerName ? `（${r.customerName}）` : ''}`)),
  );
  return [
    titleSection(title, scopeNote(d)),
    section(heading(strong(`新增客户 ${total}`), ...(total ? [plain(`：${sourcesText(d.newCustomers.bySource)}`)] : []))),
    followUpSection(d.followUps, '跟进'),
    stageMoveSection(d.stageMoves, '阶段变化'),
    ...(d.pipeline ? [pipelineSection(d.pipeline, '今日')] : []),
    ...(d.ticketBreaches ? [ticketBreachSection(d.ticketBreaches)] : []),
    overdueSection(d.overdue),
    silentSection(d.silent),
    ...(d.importantUncontacted ? [importantUncontactedDocSection(d.importantUncontacted)] : []),
    ...(d.atRiskImportant ? [atRiskImportantDocSection(d.atRiskImportant)] : []),
    section(heading(strong(`明日提醒 ${d.remindersTomorrow.total}`)), reminders, d.remindersTomorrow.total),
  ];
}

function weeklySections(d: WeeklyDigest, title: string): DocumentSection[] {
  const c = d.compare;
  const cmp = (label: string, w: { current: number; previous: number; change: number }) =>
    item(plain(`${label} ${w.current}（上周 ${w.previous}，${w.change === 0 ? '持平' : signed(w.change)}）`));
  const funnel = d.funnel.map((s) => item(plain(`${s.name} ${s.count}`)));
  const top = d.topReps.map((r, i): DocumentLine => ({ kind: 'ranked', rank: i + 1, spans: [plain(`${r.name} 成交 ${r.won} · 跟进 ${r.followUps}`)] }));
  return [
    titleSection(title, scopeNote(d)),
    section(heading(strong('本周对比上周')), [cmp('新增客户', c.newCustomers), cmp('跟进', c.followUps), cmp('成交', c.won), cmp('阶段变化', c.stageMoves)]),
    section(heading(strong('阶段漏斗')), funnel),
    section(heading(strong('本周之星')), top.length ? top : [item(plain('本周暂无'))]),
    followUpSection(d.followUps, '跟进'),
    stageMoveSection(d.stageMoves, '阶段变化'),
    ...(d.pipeline ? [pipelineSection(d.pipeline, '本周')] : []),
    overdueSection(d.overdue),
    silentSection(d.silent),
    ...(d.importantUncontacted ? [importantUncontactedDocSection(d.importantUncontacted)] : []),
    ...(d.atRiskImportant ? [atRiskImportantDocSection(d.atRiskImportant)] : []),
  ];
}

function morningSections(d: MorningList, title: string): DocumentSection[] {
  const tz = d.period.timezone;
  const line = (i: MorningList['items'][number]): DocumentLine => {
    const when: Span = i.overdue ? { text: `逾期 ${shortDate(i.dueAt, tz)}`, tone: 'warning' } : plain(time(i.dueAt, tz));
    const who = i.customerName ?? '';
    return i.type === 'follow_up'
      ? item(when, plain(` 跟进 ${who}${i.customerCode ? ` ${i.customerCode}` : ''}`))
      : item(when, plain(` 提醒：${i.text ?? ''}${who ? `（${who}）` : ''}`));
  };
  const total = d.overdueCount + d.todayCount;
  return [
    titleSection(title, `${d.recipient.name} · 逾期 ${d.overdueCount} · 今日 ${d.todayCount}`),
    section(total ? heading(strong('待办')) : heading(plain('今天没有到期的跟进和提醒。')), d.items.map(line), total),
  ];
}

function titleOf(digest: Digest): string {
  const tz = digest.period.timezone;
  switch (digest.kind) {
    case 'daily':
      return `销售日报 ${day(digest.period.start, tz)}`;
    case 'weekly': {
      const lastDay = new Date(new Date(digest.period.end).getTime() - 1).toISOString();
      return `销售周报 ${shortDate(digest.period.start, tz)}–${shortDate(lastDay, tz)}`;
    }
    case 'morning':
      return `今日待联系 ${day(digest.period.start, tz)}`;
  }
}

/**
 * A digest as a neutral document: sections of plain-text lines with emphasis as data, the key
 * numbers as a card, and (for team digests) a link to the dashboard. No markup: each channel
 * renders it in its own dialect and within its own size limits.
 */
export function buildDigestDocument(digest: Digest, options: { dashboardUrl?: string } = {}): ChatDocument {
  const title = titleOf(digest);
  const sections =
    digest.kind === 'daily' ? dailySections(digest, title) : digest.kind === 'weekly' ? weeklySections(digest, title) : morningSections(digest, title);
  return {
    title,
    sections,
    ...(options.dashboardUrl && digest.kind !== 'morning' ? { link: { label: '查看团队看板', url: options.dashboardUrl } } : {}),
    summary: digestSummaryCard(digest, title, options.dashboardUrl),
  };
}
