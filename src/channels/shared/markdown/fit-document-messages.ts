import type { ChatDocument, DocumentSection } from '../../../messaging/chat-document.js';
import type { FittedDocument } from '../../../messaging/message-renderer.js';
import type { MessageBody } from '../../../messaging/outbound-message.js';
import { utf8Bytes } from '../truncate-utf8.js';
import { escapeMarkdown, type MarkdownDialect } from './markdown-dialect.js';
import { packMarkdownParts } from './pack-markdown-parts.js';
import { renderDocumentLine } from './render-document-line.js';

/** More parts than this reads as spam: the recipient gets the summary card instead. */
export const MAX_MARKDOWN_PARTS = 3;

function renderSection(section: DocumentSection, dialect: MarkdownDialect): string[] {
  const lines = [section.heading, ...section.items].map((line) => renderDocumentLine(line, dialect));
  return section.hiddenItems > 0 ? [...lines, `- …还有 ${section.hiddenItems} 项`] : lines;
}

/**
 * Renders a document within a markdown budget: one message, a few numbered parts, or (when longer
 * still) its summary card. Every part starts with a heading, so channels do not prepend the title
 * again (which would break the budget).
 */
export function fitDocumentMessages(doc: ChatDocument, dialect: MarkdownDialect): FittedDocument {
  const join = (lines: string[]) => lines.join(dialect.lineBreak);
  const blocks = doc.sections.map((s) => renderSection(s, dialect));
  const link = doc.link ? `[${doc.link.label}](${doc.link.url})` : null;
  const full = join([...blocks.flat(), ...(link ? [link] : [])]);
  const summary = doc.summary;
  if (utf8Bytes(full) <= dialect.maxBytes) {
    return { bodies: [{ type: 'markdown', title: doc.title, markdown: full }], markdown: full, form: 'markdown', summary };
  }
  const heading = (i: number, n: number) => `## ${escapeMarkdown(doc.title)}（${i}/${n}）`;
  const overhead = utf8Bytes(heading(9, 9)) + (link ? utf8Bytes(link) + utf8Bytes(dialect.lineBreak) : 0) + utf8Bytes(dialect.lineBreak);
  // The document's own first line is its heading; parts get a numbered one instead.
  const body = [blocks[0]!.slice(1), ...blocks.slice(1)].filter((lines) => lines.length > 0);
  const parts = packMarkdownParts(body, dialect.maxBytes - overhead, dialect.lineBreak);
  const texts = parts.map((lines, i) => join([heading(i + 1, parts.length), ...lines, ...(i === parts.length - 1 && link ? [link] : [])]));
  if (parts.length <= MAX_MARKDOWN_PARTS && texts.every((t) => utf8Bytes(t) <= dialect.maxBytes)) {
    const bodies: MessageBody[] = texts.map((markdown, i) => ({ type: 'markdown', title: `${doc.title}（${i + 1}/${parts.length}）`, markdown }));
    return { bodies, markdown: full, form: 'split', summary };
  }
  return { bodies: [{ type: 'card', card: summary }], markdown: full, form: 'card', summary };
}
