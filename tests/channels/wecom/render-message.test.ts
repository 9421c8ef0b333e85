import { describe, expect, test } from 'vitest';
import { renderWecomMessage } from '../../../src/channels/wecom/render-message.js';
import { truncateUtf8 } from '../../../src/channels/shared/truncate-utf8.js';
import type { Card } from '../../../src/messaging/outbound-message.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('truncateUtf8', () => {
  test('never splits a character, whatever the cut position', () => {
    const s = 'a你😀é👨‍👩‍👧𠮷'.repeat(40);
    for (let max = 1; max <= bytes(s) + 1; max++) {
      const out = truncateUtf8(s, max);
      expect(bytes(out)).toBeLessThanOrEqual(max);
      expect(out).not.toContain('\uFFFD');
      // Round-trips through UTF-8 unchanged, i.e. no lone surrogate was produced.
      expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
      const kept = out.endsWith('…') && out !== s ? out.slice(0, -1) : out;
      expect(s.startsWith(kept)).toBe(true);
    }
  });

  test('leaves short strings alone', () => {
    expect(truncateUtf8('你好', 6)).toBe('你好');
    expect(truncateUtf8('你好', 5)).toBe('…');
    expect(truncateUtf8('你好', 2)).toBe('');
  });
});

describe('renderWecomMessage', () => {
  test('text is cut at 2048 bytes', () => {
    const r = renderWecomMessage({ type: 'text', text: '客'.repeat(1000) });
    expect(r.msgtype).toBe('text');
    const content = r.msgtype === 'text' ? r.text.content : '';
    expect(bytes(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith('\n…')).toBe(true);
    expect(renderWecomMessage({ type: 'text', text: 'hi' })).toEqual({ msgtype: 'text', text: { content: 'hi' } });
  });

  test('markdown: title added once, cut at 2048 bytes on a character boundary', () => {
    const r = renderWecomMessage({ type: 'markdown', title: '日报', markdown: `- 😀 客户跟进\n`.repeat(200) });
    expect(r.msgtype).toBe('markdown');
    const content = r.msgtype === 'markdown' ? r.markdown.content : '';
    expect(content.startsWith('**日报**\n')).toBe(true);
    expect(bytes(content)).toBeLessThanOrEqual(2048);
    expect(bytes(content)).toBeGreaterThan(2000);
    expect(content).not.toContain('\uFFFD');
    const h = renderWecomMessage({ type: 'markdown', title: '日报', markdown: '## 日报\n内容' });
    expect(h).toEqual({ msgtype: 'markdown', markdown: { content: '## 日报\n内容' } });
  });

  const card: Card = {
    title: '客户：张三',
    subtitle: '上海某某有限公司',
    fields: [
      { label: '阶段', value: '意向' },
      { label: '负责人', value: '李四 <b>' },
    ],
    links: [{ label: '查看', url: 'https://crm.example.com/c/1' }],
  };

  test('a short card with a link becomes a textcard with escaped markup', () => {
    const r = renderWecomMessage({ type: 'card', card });
    expect(r).toEqual({
      msgtype: 'textcard',
      textcard: {
        title: '客户：张三',
        description:
          '<div class="gray">上海某某有限公司</div><div class="normal">阶段：意向</div><div class="normal">负责人：李四 ＜b＞</div>',
        url: 'https://crm.example.com/c/1',
        btntxt: '查看',
      },
    });
  });

  test('a card without a link, or too long for a textcard, becomes markdown within limits', () => {
    const noLink = renderWecomMessage({ type: 'card', card: { ...card, links: [] } });
    expect(noLink.msgtype).toBe('markdown');
    expect(noLink.msgtype === 'markdown' && noLink.markdown.content).toContain('阶段：<font color="info">意向</font>');
    const long = renderWecomMessage({ type: 'card', card: { ...card, lines: Array.from({ length: 200 }, (_, i) => `${i}. 跟进记录😀`) } });
    expect(long.msgtype).toBe('markdown');
    expect(bytes(long.msgtype === 'markdown' ? long.markdown.content : 'x'.repeat(9999))).toBeLessThanOrEqual(2048);
    const js = renderWecomMessage({ type: 'card', card: { ...card, links: [{ label: 'x', url: 'javascript:alert(1)' }] } });
    expect(js.msgtype).toBe('markdown');
    expect(JSON.stringify(js)).not.toContain('javascript:');
  });
});
