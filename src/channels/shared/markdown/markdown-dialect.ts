import type { Tone } from '../../../messaging/chat-document.js';

/**
 * What a channel's markdown can do, declared rather than special-cased by the renderer.
 * Budgets are UTF-8 bytes of the markdown text; the channel renders title and body itself.
 */
export interface MarkdownDialect {
  /** Largest markdown text one message may carry. */
  maxBytes: number;
  /** Between lines: some markdown breaks on '\n', some needs a blank line between paragraphs. */
  lineBreak: string;
  /** How emphasis by tone is shown (a font colour, bold, or nothing). */
  tone(text: string, tone: Tone): string;
}

/** Markdown control characters in names typed by users must not turn into formatting or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s*[\r\n]+\s*/g, ' ');
}
