import type { ChatDocument } from './chat-document.js';
import type { Card, MessageBody } from './outbound-message.js';

/** A document as one platform will show it. */
export interface FittedDocument {
  /** One message when it fits, a few numbered parts when not, or the summary card. */
  bodies: MessageBody[];
  /** The whole rendering (for previews), even when split or replaced by the card. */
  markdown: string;
  form: 'markdown' | 'split' | 'card';
  /** The document's summary card, for replies that must be one message. */
  summary: Card;
}

/** How one platform renders the neutral shapes the domain produces. */
export interface MessageRenderer {
  /** A sectioned document, fitted to the platform's message size. */
  fitDocument(document: ChatDocument): FittedDocument;
  /** A short notice (a reminder) of plain lines. */
  notice(lines: readonly string[]): MessageBody;
}
