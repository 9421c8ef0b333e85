import type { Card, CardLink } from './outbound-message.js';

/** Emphasis as data: each channel shows it in its own way (a font colour, bold, or nothing). */
export type Tone = 'info' | 'warning' | 'comment';

/** A run of plain text (no markup: channels escape it for their dialect). */
export interface Span {
  text: string;
  strong?: boolean;
  tone?: Tone;
}

/**
 * One line of a document. `title` is the document's heading; `note` a quoted aside; `item` a
 * bullet (a `tone` colours the whole line); `ranked` a numbered entry; `text` a plain line.
 */
export type DocumentLine =
  | { kind: 'title'; text: string }
  | { kind: 'note'; spans: Span[] }
  | { kind: 'item'; spans: Span[]; tone?: Tone }
  | { kind: 'ranked'; rank: number; spans: Span[] }
  | { kind: 'text'; spans: Span[] };

/**
 * A heading and its items. Items may be cut from the end to fit a message (the channel then says
 * how many more there were); `hiddenItems` counts those left out before any cut.
 */
export interface DocumentSection {
  heading: DocumentLine;
  items: DocumentLine[];
  hiddenItems: number;
}

/**
 * A long, sectioned message (a digest) in platform-neutral form. The first section's heading is
 * the title line. A channel renders it within its size limits: one message, a few parts, or the
 * `summary` card when even that would be too much.
 */
export interface ChatDocument {
  title: string;
  sections: DocumentSection[];
  /** Shown after the last section (e.g. the team dashboard). */
  link?: CardLink;
  /** The key numbers, for when the document does not fit or a reply must be one message. */
  summary: Card;
}
