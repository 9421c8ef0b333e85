import type { MarkdownDialect } from '../shared/markdown/markdown-dialect.js';

/** WeCom message/send markdown: ≤ 2048 bytes (wecom.md §8), '\n' breaks lines, three font colours. */
export const wecomMarkdownDialect: MarkdownDialect = {
  maxBytes: 2048,
  lineBreak: '\n',
  tone: (text, tone) => `<font color="${tone}">${text}</font>`,
};
