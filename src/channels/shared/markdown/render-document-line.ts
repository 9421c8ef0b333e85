import type { DocumentLine, Span } from '../../../messaging/chat-document.js';
import { escapeMarkdown, type MarkdownDialect } from './markdown-dialect.js';

function renderSpan(span: Span, dialect: MarkdownDialect): string {
  const text = escapeMarkdown(span.text);
  const emphasised = span.strong ? `**${text}**` : text;
  return span.tone ? dialect.tone(emphasised, span.tone) : emphasised;
}

const renderSpans = (spans: readonly Span[], dialect: MarkdownDialect) => spans.map((s) => renderSpan(s, dialect)).join('');

/** One document line as one markdown line (no line break). */
export function renderDocumentLine(line: DocumentLine, dialect: MarkdownDialect): string {
  switch (line.kind) {
    case 'title':
      return `## ${escapeMarkdown(line.text)}`;
    case 'note':
      return `> ${renderSpans(line.spans, dialect)}`;
    case 'item': {
      const text = `- ${renderSpans(line.spans, dialect)}`;
      return line.tone ? dialect.tone(text, line.tone) : text;
    }
    case 'ranked':
      return `${line.rank}. ${renderSpans(line.spans, dialect)}`;
    case 'text':
      return renderSpans(line.spans, dialect);
  }
}
