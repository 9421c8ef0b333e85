import { parseStringPromise } from 'xml2js';
import { WecomCallbackRejected } from './callback-rejected.js';

export type FlatXmlRecord = Record<string, string>;

export const DEFAULT_MAX_XML_BYTES = 128 * 1024;
// A DTD is never legitimate in a WeCom callback; refusing it rules out entity expansion entirely.
const DTD = /<!\s*(DOCTYPE|ENTITY)/i;

/**
 * Parses a WeCom callback XML document (envelope or decrypted message) into a flat record of
 * strings: children of `<xml>` by name; nested elements as `Parent.Child`, repeated ones as
 * `Parent.Child.0`, `Parent.Child.1`. Attributes are ignored (WeCom sends none).
 */
export async function parseCallbackXml(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): Promise<FlatXmlRecord> {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) throw new WecomCallbackRejected('too_large');
  if (DTD.test(xml)) throw new WecomCallbackRejected('xml');
  let parsed: unknown;
  try {
    parsed = await parseStringPromise(xml, {
      strict: true,
      explicitArray: true,
      explicitRoot: true,
      trim: false,
      normalize: false,
      emptyTag: '',
    });
  } catch {
    throw new WecomCallbackRejected('xml');
  }
  if (!isObject(parsed) || !('xml' in parsed)) throw new WecomCallbackRejected('xml');
  const root = parsed.xml;
  const entries: [string, string][] = [];
  flatten('', root, entries);
  return Object.fromEntries(entries);
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
