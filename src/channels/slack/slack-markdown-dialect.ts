import type { MarkdownDialect } from '../shared/markdown/markdown-dialect.js';

/** Slack mrkdwn in one section block: ≤ 3000 characters (kept under in bytes); bold is a single asterisk. */
export const slackMarkdownDialect: MarkdownDialect = {
  maxBytes: 2900,
  lineBreak: '\n',
  tone: (text, tone) => (tone === 'warning' ? `*${text}*` : text),
};
