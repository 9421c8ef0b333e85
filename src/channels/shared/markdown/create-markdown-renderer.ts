import type { MessageRenderer } from '../../../messaging/message-renderer.js';
import { fitDocumentMessages } from './fit-document-messages.js';
import type { MarkdownDialect } from './markdown-dialect.js';

/**
 * A renderer for a platform whose rich messages are markdown in some dialect. Notices are plain
 * text: they read the same in every client (WeCom markdown is not rendered in WeChat or 微工作台),
 * and a notice is short.
 */
export function createMarkdownRenderer(dialect: MarkdownDialect): MessageRenderer {
  return {
    fitDocument: (document) => fitDocumentMessages(document, dialect),
    notice: (lines) => ({ type: 'text', text: lines.join('\n') }),
  };
}
