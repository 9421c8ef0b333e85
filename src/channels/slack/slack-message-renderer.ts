import type { MessageRenderer } from '../../messaging/message-renderer.js';
import { createMarkdownRenderer } from '../shared/markdown/create-markdown-renderer.js';
import { slackMarkdownDialect } from './slack-markdown-dialect.js';

/** How Slack shows the domain's documents and notices. */
export function createSlackMessageRenderer(): MessageRenderer {
  return createMarkdownRenderer(slackMarkdownDialect);
}
