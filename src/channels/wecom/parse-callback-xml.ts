import { parseStringPromise } from 'xml2js';
import { WecomCallbackRejected } from './callback-rejected.js';

export type FlatXmlRecord = Record<string, string>;

export const DEFAULT_MAX_XML_BYTES = 128 * 1024;
/** WeCom's deepest documented message nests three levels below `<xml>`; 32 leaves ample room. */
export const DEFAULT_MAX_XML_DEPTH = 32;
// A DTD is never legitimate in a WeCom callback; refusing it rules out entity expansion entirely.
const DTD = /<!\s*(DOCTYPE|ENTITY)/i;

export interface ParseCallbackXmlLimits {
  maxBytes?: number;
  maxDepth?: number;
}

/**
 * Parses a WeCom callback XML document (a decrypted message) into a flat record of
 * strings: children of `<xml>` by name; nested elements as `Parent.Child`, repeated ones as
 * `Parent.Child.0`, `Parent.Child.1`. Attributes are ignored (WeCom sends none).
 * Size and nesting depth are bounded before xml2js sees the text, and every failure — including
 * one while flattening — is a {@link WecomCallbackRejected}, so malformed input is a 400.
 */
export async function parseCallbackXml(xml: string, limits: ParseCallbackXmlLimits | number = {}): Promise<FlatXmlRecord> {
  const { maxBytes = DEFAULT_MAX_XML_BYTES, maxDepth = DEFAULT_MAX_XML_DEPTH } = typeof limits === 'number' ? { maxBytes: limits } : limits;
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) throw new WecomCallbackRejected('too_large');
  if (DTD.test(xml)) throw new WecomCallbackRejected('xml');
  if (maxElementDepth(xml) > maxDepth) throw new WecomCallbackRejected('xml');
  try {
    const parsed: unknown = await parseStringPromise(xml, {
      strict: true,
      explicitArray: true,
      explicitRoot: true,
      trim: false,
      normalize: false,
      emptyTag: '',
    });
    if (!isObject(parsed) || !('xml' in parsed)) throw new WecomCallbackRejected('xml');
    const entries: [string, string][] = [];
    flatten('', parsed.xml, entries);
    return Object.fromEntries(entries);
  } catch (error) {
    if (error instanceof WecomCallbackRejected) throw error;
    throw new WecomCallbackRejected('xml');
  }
}

/**
 * The deepest element nesting in `xml`, found by one forward scan (no recursion, no parser):
 * an upper bound good enough to refuse pathological input before a parser builds it.
 */
export function maxElementDepth(xml: string): number {
  let depth = 0;
  let max = 0;
  let i = xml.indexOf('<');
  while (i >= 0 && i < xml.length) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0) break;
      i = xml.indexOf('<', end + 3);
      continue;
    }
    const end = xml.indexOf('>', i);
    if (end < 0) break;
    const next = xml[i + 1];
    if (next === '/') depth--;
    else if (next !== '?' && next !== '!' && xml[end - 1] !== '/') {
      depth++;
      if (depth > max) max = depth;
    }
    i = xml.indexOf('<', end + 1);
  }
  return max;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function flatten(prefix: string, node: unknown, out: [string, string][]): void {
  if (typeof node === 'string') {
    if (prefix) out.push([prefix, node]);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node._ === 'string' && prefix) out.push([prefix, node._]);
  for (const [name, value] of Object.entries(node)) {
    if (name === '$' || name === '_') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 1) flatten(path, items[0], out);
    else items.forEach((item, i) => flatten(`${path}.${i}`, item, out));
  }
}
