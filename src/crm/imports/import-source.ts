import type { Readable } from 'node:stream';

/** An uploaded file that can be read from the start as often as needed (preview, run, resume). */
export interface ImportSource {
  /** The file name as uploaded (its extension is a hint only; the content decides). */
  name: string;
  size: number;
  /** A fresh stream of the bytes; `end` (inclusive) reads only the first bytes. */
  open(range?: { end: number }): Readable;
}
