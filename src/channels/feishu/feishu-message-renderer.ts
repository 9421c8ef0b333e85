import type { MessageRenderer } from '../../messaging/message-renderer.js';
import { createMarkdownRenderer } from '../shared/markdown/create-markdown-renderer.js';
import { feishuMarkdownDialect } from './feishu-markdown-dialect.js';

/** How Feishu/Lark shows the domain's documents and notices. */
export function createFeishuMessageRenderer(): MessageRenderer {
  return createMarkdownRenderer(feishuMarkdownDialect);
}
