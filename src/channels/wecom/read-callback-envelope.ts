import { WecomCallbackRejected } from './callback-rejected.js';

/** The envelope is three short fields around a base64 ciphertext; WeCom's are a few KB. */
export const MAX_ENVELOPE_BYTES = 64 * 1024;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/**
 * The `Encrypt` value of a POST callback envelope, read without an XML parser:
 * `<xml>` followed by flat children `<Name>text</Name>`, `<Name><![CDATA[text]]></Name>` or
 * `<Name/>`, then `</xml>` (an XML declaration and whitespace between elements are allowed).
 *
 * Why not xml2js: the signature covers only `Encrypt`, so everything before the signature check
 * is unauthenticated input. A single forward scan costs O(length), cannot recurse, and refuses
 * what WeCom never sends (nesting, DOCTYPE/entities, comments, a second `Encrypt`) as the
 * same `xml` rejection — a 400, never a 5xx.
 */
export function readCallbackEnvelope(xml: string): string {
  const reject = (): never => {
    throw new WecomCallbackRejected('xml');
  };
  if (xml.length > MAX_ENVELOPE_BYTES) throw new WecomCallbackRejected('too_large');
  let i = skipSpace(xml, 0);
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) reject();
    i = skipSpace(xml, end + 2);
  }
  if (!xml.startsWith('<xml>', i)) reject();
  i += '<xml>'.length;
  let encrypt: string | undefined;
  for (;;) {
    i = skipSpace(xml, i);
    if (xml.startsWith('</xml>', i)) break;
    if (xml[i] !== '<') reject();
    const tagEnd = xml.indexOf('>', i);
    if (tagEnd < 0) reject();
    let tag = xml.slice(i + 1, tagEnd);
    i = tagEnd + 1;
    let text = '';
    if (tag.endsWith('/')) {
      tag = tag.slice(0, -1);
      if (!NAME.test(tag)) reject();
    } else {
      if (!NAME.test(tag)) reject();
      if (xml.startsWith(CDATA_OPEN, i)) {
        const end = xml.indexOf(CDATA_CLOSE, i + CDATA_OPEN.length);
        if (end < 0) reject();
        text = xml.slice(i + CDATA_OPEN.length, end);
        i = end + CDATA_CLOSE.length;
      } else {
        const end = xml.indexOf('<', i);
        if (end < 0) reject();
        text = xml.slice(i, end);
        // Entity references would need a DTD-aware decoder; none of the three fields has one.
        if (text.includes('&')) reject();
        i = end;
      }
      const close = `</${tag}>`;
      if (!xml.startsWith(close, i)) reject();
      i += close.length;
    }
    if (tag === 'Encrypt') {
      if (encrypt !== undefined) reject();
      encrypt = text.trim();
    }
  }
  if (skipSpace(xml, i + '</xml>'.length) !== xml.length) reject();
  if (!encrypt) reject();
  return encrypt as string;
}

function skipSpace(s: string, from: number): number {
  let i = from;
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}
