import type { Platform } from '../../../messaging/platform.js';

export type Tone = 'info' | 'warning' | 'comment';

/**
 * What a channel's markdown can do, declared rather than special-cased by the digest code.
 * Budgets are UTF-8 bytes of the markdown text; the channel renders title and body itself.
 */
export interface MarkdownDialect {
  /** WeCom message/send markdown: ≤ 2048 bytes (wecom.md §8). DingTalk work notification: the
   *  DingTalk channel keeps a whole `msg` under 2048 bytes and budgets 1500 for the text. */
  maxBytes: number;
  /** Between lines: WeCom breaks on '\n'; DingTalk markdown needs a blank line between paragraphs. */
  lineBreak: string;
  /** WeCom markdown has three font colours; DingTalk markdown has none (bold instead). */
  tone(text: string, tone: Tone): string;
}

export const MARKDOWN_DIALECTS: Record<Platform, MarkdownDialect> = {
  wecom: {
    maxBytes: 2048,
    lineBreak: '\n',
    tone: (text, tone) => `<font color="${tone}">${text}</font>`,
  },
  dingtalk: {
    maxBytes: 1500,
    lineBreak: '\n\n',
    tone: (text, tone) => (tone === 'warning' ? `**${text}**` : text),
  },
  /** Feishu card `lark_md`: a card stays under 30 KB; a chat reply longer than 4000 bytes is unreadable anyway. */
  feishu: {
    maxBytes: 4000,
    lineBreak: '\n',
    tone: (text, tone) => (tone === 'warning' ? `**${text}**` : text),
  },
  /** Slack mrkdwn in one section block: ≤ 3000 characters; bold is a single asterisk. */
  slack: {
    maxBytes: 2900,
    lineBreak: '\n',
    tone: (text, tone) => (tone === 'warning' ? `*${text}*` : text),
  },
};

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Markdown control characters in names typed by users must not turn into formatting or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s*[\r\n]+\s*/g, ' ');
}
