import type { MarkdownDialect } from '../shared/markdown/markdown-dialect.js';

/** Feishu card `lark_md`: a card stays under 30 KB, but a chat reply past 4000 bytes is unreadable anyway; bold for warnings. */
export const feishuMarkdownDialect: MarkdownDialect = {
  maxBytes: 4000,
  lineBreak: '\n',
  tone: (text, tone) => (tone === 'warning' ? `**${text}**` : text),
};
