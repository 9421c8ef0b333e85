import { describe, expect, test } from 'vitest';
import {
  OPENAPI_MSG_PARAM_MAX_BYTES,
  renderMessage,
  renderWithin,
  ROBOT_LIMITS,
  toOpenApiMessage,
  toWebhookMessage,
  toWorkNotificationMessage,
  WORK_NOTICE_LIMITS,
  WORK_NOTICE_MAX_BYTES,
} from '../../../src/channels/dingtalk/render-message.js';
import { truncateUtf8, utf8Bytes } from '../../../src/channels/shared/truncate-utf8.js';
import type { Card } from '../../../src/messaging/outbound-message.js';

const card: Card = {
  title: '客户 华为技术',
  subtitle: 'C-00012',
  fields: [
    { label: '阶段', value: '商务谈判' },
    { label: '负责人', value: '张三\n(销售一部)' },
  ],
  lines: ['2024-05-01 电话跟进：确认报价'],
  links: [{ label: '打开客户', url: 'https://crm.example.com/c/12' }],
  footer: '下次跟进 2024-05-08',
};

describe('renderMessage', () => {
  test('text stays text', () => {
    expect(renderMessage({ type: 'text', text: '你好' })).toEqual({ kind: 'text', content: '你好' });
    expect(toWebhookMessage(renderMessage({ type: 'text', text: 'hi' }))).toEqual({ msgtype: 'text', text: { content: 'hi' } });
    expect(toOpenApiMessage(renderMessage({ type: 'text', text: 'hi' }))).toEqual({ msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
  });

  test('markdown keeps title and text', () => {
    const r = renderMessage({ type: 'markdown', title: '日报', markdown: '# 今日\n- 3 次跟进' });
    expect(toWebhookMessage(r)).toEqual({ msgtype: 'markdown', markdown: { title: '日报', text: '# 今日\n- 3 次跟进' } });
    expect(toWorkNotificationMessage(r)).toEqual({ msgtype: 'markdown', markdown: { title: '日报', text: '# 今日\n- 3 次跟进' } });
  });

  test('a card with one link becomes a single-button actionCard; fields are one line each', () => {
    const r = renderMessage({ type: 'card', card });
    expect(r.kind).toBe('actionCard');
    const wire = toWebhookMessage(r) as { msgtype: string; actionCard: Record<string, string> };
    expect(wire.msgtype).toBe('actionCard');
    expect(wire.actionCard).toEqual({
      title: '客户 华为技术',
      text: '### 客户 华为技术\n\nC-00012\n\n**阶段**: 商务谈判\n\n**负责人**: 张三 (销售一部)\n\n2024-05-01 电话跟进：确认报价\n\n> 下次跟进 2024-05-08',
      singleTitle: '打开客户',
      singleURL: 'https://crm.example.com/c/12',
    });
    const api = toOpenApiMessage(r);
    expect(api.msgKey).toBe('sampleActionCard');
    expect(JSON.parse(api.msgParam)).toMatchObject({ singleTitle: '打开客户', singleURL: 'https://crm.example.com/c/12' });
    expect(toWorkNotificationMessage(r)).toMatchObject({
      msgtype: 'action_card',
      action_card: { title: '客户 华为技术', single_title: '打开客户', single_url: 'https://crm.example.com/c/12' },
    });
  });

  test('several links become buttons (max 5); the rest stay as inline links; non-web links are dropped', () => {
    const links = Array.from({ length: 7 }, (_, i) => ({ label: `L${i}`, url: `https://x.example/${i}` }));
    const r = renderMessage({ type: 'card', card: { title: 'T', fields: [], links: [...links, { label: 'bad', url: 'javascript:alert(1)' }] } });
    expect(r.kind === 'actionCard' && r.buttons.map((b) => b.title)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
    expect(r.kind === 'actionCard' && r.text).toContain('[L5](https://x.example/5)');
    expect(JSON.stringify(r)).not.toContain('javascript:');
    const wire = toWebhookMessage(r) as { actionCard: { btns: unknown[]; btnOrientation: string } };
    expect(wire.actionCard.btns).toHaveLength(5);
    expect(wire.actionCard.btns[0]).toEqual({ title: 'L0', actionURL: 'https://x.example/0' });
    const api = toOpenApiMessage(r);
    expect(api.msgKey).toBe('sampleActionCard5');
    expect(JSON.parse(api.msgParam)).toMatchObject({ actionTitle5: 'L4', actionURL5: 'https://x.example/4' });
    expect(toWorkNotificationMessage(r)).toMatchObject({ action_card: { btn_json_list: expect.arrayContaining([{ title: 'L1', action_url: 'https://x.example/1' }]) } });
  });

  test('a card without links is plain markdown', () => {
    const r = renderMessage({ type: 'card', card: { title: 'T', fields: [{ label: 'a', value: 'b' }] } });
    expect(r).toEqual({ kind: 'markdown', title: 'T', text: '### T\n\n**a**: b' });
  });
});

describe('size limits', () => {
  test('truncateUtf8 cuts on a character boundary and marks the cut', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    const cut = truncateUtf8('钉'.repeat(100), 50);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toMatch(/^钉+…$/);
  });

  test('long text, markdown and cards stay within the robot budget', () => {
    const long = '客户跟进记录 '.repeat(2000);
    const t = renderMessage({ type: 'text', text: long });
    expect(t.kind === 'text' && utf8Bytes(t.content)).toBeLessThanOrEqual(ROBOT_LIMITS.maxTextBytes);
    const md = renderMessage({ type: 'markdown', title: 'x'.repeat(300), markdown: Array.from({ length: 500 }, (_, i) => `- 第 ${i} 行`).join('\n') });
    expect(md.kind === 'markdown' && utf8Bytes(md.text)).toBeLessThanOrEqual(ROBOT_LIMITS.maxTextBytes);
    expect(md.kind === 'markdown' && [...md.title].length).toBeLessThanOrEqual(64);
    // Whole lines are kept: the cut never splits "- 第 N 行".
    expect(md.kind === 'markdown' && md.text.split('\n').slice(0, -1).every((l) => /^- 第 \d+ 行$/.test(l))).toBe(true);
    const c = renderMessage({ type: 'card', card: { ...card, lines: Array.from({ length: 400 }, (_, i) => `记录 ${i}`) } });
    expect(c.kind === 'actionCard' && utf8Bytes(c.text)).toBeLessThanOrEqual(ROBOT_LIMITS.maxTextBytes);
  });

  test('a work notification msg fits 2048 bytes even with long button URLs', () => {
    const links = Array.from({ length: 5 }, (_, i) => ({ label: `打开 ${i}`, url: `https://crm.example.com/${'p'.repeat(150)}/${i}` }));
    const { wire } = renderWithin(
      { type: 'card', card: { title: '周报', fields: [], lines: Array.from({ length: 300 }, (_, i) => `客户 ${i} 已跟进`), links } },
      WORK_NOTICE_LIMITS,
      toWorkNotificationMessage,
      WORK_NOTICE_MAX_BYTES,
    );
    expect(utf8Bytes(JSON.stringify(wire))).toBeLessThanOrEqual(WORK_NOTICE_MAX_BYTES);
    expect(wire).toMatchObject({ msgtype: 'action_card' });
  });

  test('OpenAPI msgParam stays under 15000 bytes', () => {
    const { wire } = renderWithin(
      { type: 'text', text: '"\\'.repeat(10_000) },
      { ...ROBOT_LIMITS, maxTextBytes: 14_000 },
      (m) => toOpenApiMessage(m).msgParam,
      OPENAPI_MSG_PARAM_MAX_BYTES,
    );
    expect(utf8Bytes(wire)).toBeLessThanOrEqual(OPENAPI_MSG_PARAM_MAX_BYTES);
  });
});
