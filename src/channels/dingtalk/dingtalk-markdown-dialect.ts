import type { MarkdownDialect } from '../shared/markdown/markdown-dialect.js';

/**
 * DingTalk work-notification markdown: the channel keeps a whole `msg` under 2048 bytes and
 * budgets 1500 for the text; paragraphs need a blank line between them; no font colours, so a
 * warning is bold and other tones are plain.
 */
export const dingtalkMarkdownDialect: MarkdownDialect = {
  maxBytes: 1500,
  lineBreak: '\n\n',
  tone: (text, tone) => (tone === 'warning' ? `**${text}**` : text),
};
