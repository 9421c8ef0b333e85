import type { MessageRenderer } from '../../messaging/message-renderer.js';
import { createMarkdownRenderer } from '../shared/markdown/create-markdown-renderer.js';
import { dingtalkMarkdownDialect } from './dingtalk-markdown-dialect.js';

/** How DingTalk shows the domain's documents and notices. */
export function createDingTalkMessageRenderer(): MessageRenderer {
  return createMarkdownRenderer(dingtalkMarkdownDialect);
}
