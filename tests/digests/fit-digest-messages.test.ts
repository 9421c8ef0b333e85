import { expect, test } from 'vitest';
import type { DailyDigest } from '../../src/crm/digests/digest-types.js';
import { dingtalkMarkdownDialect } from '../../src/channels/dingtalk/dingtalk-markdown-dialect.js';
import { fitDocumentMessages, MAX_MARKDOWN_PARTS } from '../../src/channels/shared/markdown/fit-document-messages.js';
import { utf8Bytes } from '../../src/channels/shared/truncate-utf8.js';
import { wecomMarkdownDialect } from '../../src/channels/wecom/wecom-markdown-dialect.js';
import { buildDigestDocument } from '../../src/crm/digests/build-digest-document.js';
import { renderWecomMessage } from '../../src/channels/wecom/render-message.js';

function digestWithReps(count: number): DailyDigest {
  const reps = Array.from({ length: count }, (_, i) => ({ staffId: `s${i}`, name: `销售代表第${i}号`, count: count - i, vsAverage: 0 }));
  return {
    kind: 'daily',
    recipient: { id: 'm', name: '经理' },
    period: { key: '2025-03-14', start: '2025-03-13T16:00:00.000Z', end: '2025-03-14T16:00:00.000Z', timezone: 'Asia/Shanghai' },
    asOf: '2025-03-14T10:05:00.000Z',
    scope: { departments: ['华东'], wholeTenant: false, memberCount: count + 1 },
    newCustomers: { total: 2, bySource: [{ source: '官网', count: 2 }] },
    followUps: { total: reps.reduce((s, r) => s + r.count, 0), teamAverage: 1, reps },
    stageMoves: { total: 0, won: 0, items: [] },
    overdue: {
      total: 40,
      top: Array.from({ length: 5 }, (_, i) => ({ code: `C0000${i}`, name: `逾期客户${i}`, ownerName: '某人', nextFollowUpAt: '2025-03-10T01:00:00.000Z', daysOverdue: 4 })),
    },
    silent: { total: 0, top: [] },
    remindersTomorrow: { total: 0, items: [] },
  };
}

const url = 'https://crm.example.com/sidebar/dashboard.html';

test('a long digest is split into numbered parts, each within 2048 bytes and each starting with a heading', () => {
  const fitted = fitDocumentMessages(buildDigestDocument(digestWithReps(60), { dashboardUrl: url }), wecomMarkdownDialect);
  expect(fitted.form).toBe('split');
  expect(fitted.bodies.length).toBeGreaterThan(1);
  expect(fitted.bodies.length).toBeLessThanOrEqual(MAX_MARKDOWN_PARTS);
  const texts = fitted.bodies.map((b) => (b.type === 'markdown' ? b.markdown : ''));
  texts.forEach((t, i) => {
    expect(utf8Bytes(t)).toBeLessThanOrEqual(2048);
    expect(t.startsWith(`## 销售日报 3月14日（周五）（${i + 1}/${texts.length}）`)).toBe(true);
  });
  // Nothing is lost: every rep appears exactly once across the parts, the long list continues under "（续）".
  const joined = texts.join('\n');
  for (let i = 0; i < 60; i++) expect(joined.split(`- 销售代表第${i}号 `).length - 1).toBe(1);
  expect(joined).toContain('**跟进');
  expect(joined).toMatch(/\*\*跟进 \d+ 次\*\*，人均 1（续）/);
  expect(joined).toContain('- …还有 35 项'); // the overdue block keeps its top 5 of 40
  expect(texts.at(-1)).toContain(`[查看团队看板](${url})`);
  // The WeCom channel sends each part as is: nothing prepended, nothing cut.
  for (const b of fitted.bodies) {
    const rendered = renderWecomMessage(b);
    expect(rendered).toEqual({ msgtype: 'markdown', markdown: { content: (b as { markdown: string }).markdown } });
  }
});

test('a digest longer than three parts becomes a card with the key numbers linking to the dashboard', () => {
  const fitted = fitDocumentMessages(buildDigestDocument(digestWithReps(400), { dashboardUrl: url }), wecomMarkdownDialect);
  expect(fitted.form).toBe('card');
  expect(fitted.bodies).toHaveLength(1);
  const body = fitted.bodies[0]!;
  if (body.type !== 'card') throw new Error('expected a card');
  expect(body.card.links).toEqual([{ label: '查看详情', url }]);
  expect(body.card.fields).toContainEqual({ label: '逾期未跟进', value: '40' });
  // WeCom renders it as a textcard: one tap opens the dashboard.
  expect(renderWecomMessage(body).msgtype).toBe('textcard');
  expect(utf8Bytes(fitted.markdown)).toBeGreaterThan(3 * 2048);
});

test('the DingTalk budget is smaller, and its parts use blank lines between lines', () => {
  const fitted = fitDocumentMessages(buildDigestDocument(digestWithReps(30)), dingtalkMarkdownDialect);
  for (const b of fitted.bodies) {
    if (b.type !== 'markdown') continue;
    expect(utf8Bytes(b.markdown)).toBeLessThanOrEqual(1500);
    expect(b.markdown).not.toMatch(/[^\n]\n[^\n]/);
  }
});

test('names typed by users cannot inject markdown or links', () => {
  const d = digestWithReps(1);
  d.followUps.reps[0]!.name = '[点我](http://evil.example) **粗**';
  const md = fitDocumentMessages(buildDigestDocument(d), wecomMarkdownDialect).markdown;
  expect(md).toContain('\\[点我\\](http://evil.example) \\*\\*粗\\*\\*');
});
