import type { MessageRenderer } from '../../messaging/message-renderer.js';
import { createMarkdownRenderer } from '../shared/markdown/create-markdown-renderer.js';
import { wecomMarkdownDialect } from './wecom-markdown-dialect.js';

/** How WeCom shows the domain's documents and notices. */
export function createWecomMessageRenderer(): MessageRenderer {
  return createMarkdownRenderer(wecomMarkdownDialect);
}
