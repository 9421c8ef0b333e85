import { describe, expect, test } from 'vitest';
import { CARD_MAX_BYTES, renderFeishuMessage } from '../../../src/channels/feishu/render-message.js';

describe('Feishu rendering', () => {
  test('a card becomes an interactive card: header, plain_text fields and lines, URL buttons, note', () => {
    const m = renderFeishuMessage({
      type: 'card',
      card: {
        title: '张三 **bold**',
        fields: [{ label: '阶段', value: '潜在' }],
        lines: ['[x](javascript:alert(1))'],
        links: [{ label: '打开', url: 'https://crm.example.cn/x' }, { label: 'bad', url: 'javascript:alert(1)' }],
        footer: 'f',
      },
    });
    expect(m.msg_type).toBe('interactive');
    const card = JSON.parse(m.content) as { header: { title: { tag: string; content: string } }; elements: Array<Record<string, any>> };
    expect(card.header.title).toEqual({ tag: 'plain_text', content: '张三 **bold**' });
    expect(JSON.stringify(card.elements)).not.toContain('lark_md');
    const action = card.elements.find((e) => e.tag === 'action')!;
    expect(action.actions).toHaveLength(1);
    expect(action.actions[0]).toMatchObject({ tag: 'button', url: 'https://crm.example.cn/x' });
    expect(card.elements.at(-1)).toMatchObject({ tag: 'note' });
  });

  test('a huge card is cut to fit Feishu’s 30 KB, marking the cut', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i} ${'长'.repeat(300)}`);
    const m = renderFeishuMessage({ type: 'card', card: { title: 't', fields: [], lines } });
    expect(Buffer.byteLength(m.content)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(m.content).toContain('…');
  });

  test('text stays text', () => {
    expect(renderFeishuMessage({ type: 'text', text: 'hi' })).toEqual({ msg_type: 'text', content: '{"text":"hi"}' });
  });
});
