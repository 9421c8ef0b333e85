import type { Card } from '../../messaging/outbound-message.js';
import type { Digest } from './digest-types.js';

/** The key numbers of a digest as a card (linking to the dashboard when a URL is given). */
export function digestSummaryCard(digest: Digest, title: string, dashboardUrl: string | undefined): Card {
  const fields: Card['fields'] = [];
  switch (digest.kind) {
    case 'daily':
      fields.push(
        { label: '新增客户', value: String(digest.newCustomers.total) },
        { label: '跟进', value: `${digest.followUps.total} 次，人均 ${digest.followUps.teamAverage}` },
        { label: '阶段变化', value: `${digest.stageMoves.total}，成交 ${digest.stageMoves.won}` },
        { label: '逾期未跟进', value: String(digest.overdue.total) },
        { label: '超出联系周期', value: String(digest.silent.total) },
        { label: '明日提醒', value: String(digest.remindersTomorrow.total) },
      );
      break;
    case 'weekly':
      fields.push(
        { label: '新增客户', value: `${digest.compare.newCustomers.current}（上周 ${digest.compare.newCustomers.previous}）` },
        { label: '跟进', value: `${digest.compare.followUps.current}（上周 ${digest.compare.followUps.previous}）` },
        { label: '成交', value: `${digest.compare.won.current}（上周 ${digest.compare.won.previous}）` },
        { label: '逾期未跟进', value: String(digest.overdue.total) },
      );
      break;
    case 'morning':
      fields.push({ label: '逾期', value: String(digest.overdueCount) }, { label: '今日', value: String(digest.todayCount) });
      break;
  }
  return {
    title,
    fields,
    ...(dashboardUrl ? { links: [{ label: '查看详情', url: dashboardUrl }] } : {}),
    footer: '内容较多，完整数据请在看板中查看',
  };
}
