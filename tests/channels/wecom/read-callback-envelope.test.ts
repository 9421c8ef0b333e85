import { describe, expect, test } from 'vitest';
import { WecomCallbackRejected } from '../../../src/channels/wecom/callback-rejected.js';
import { maxElementDepth, parseCallbackXml } from '../../../src/channels/wecom/parse-callback-xml.js';
import { readCallbackEnvelope } from '../../../src/channels/wecom/read-callback-envelope.js';
import { wecomVectors } from '../../support/vectors/load-wecom-vectors.js';

const deep = (n: number, inner = '<Encrypt>abc</Encrypt>') => `<xml>${'<a>'.repeat(n)}${inner}${'</a>'.repeat(n)}</xml>`;

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WecomCallbackRejected);
    return (error as WecomCallbackRejected).reason;
  }
  return undefined;
}

describe('readCallbackEnvelope', () => {
  test('reads Encrypt from the official envelopes (CDATA, newlines, any element order)', () => {
    const withBody = wecomVectors.vectors.filter((v) => v.body);
    expect(withBody.length).toBeGreaterThan(0);
    for (const v of withBody) expect(readCallbackEnvelope(v.body!)).toBe(/<Encrypt><!\[CDATA\[([^\]]*)\]\]>/.exec(v.body!)![1]);
  });

  test('accepts plain text, an XML declaration, self-closing and empty fields', () => {
    expect(readCallbackEnvelope('<?xml version="1.0"?>\n<xml>\n <AgentID/><ToUserName><![CDATA[]]></ToUserName>\n<Encrypt> QUJD </Encrypt></xml>\n')).toBe('QUJD');
  });

  test.each([
    ['nesting', deep(5000)],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><Encrypt>abc</Encrypt></xml>'],
    ['an entity reference', '<xml><Encrypt>&a;</Encrypt></xml>'],
    ['a comment', '<xml><!-- x --><Encrypt>abc</Encrypt></xml>'],
    ['two Encrypt fields', '<xml><Encrypt>abc</Encrypt><Encrypt>def</Encrypt></xml>'],
    ['no Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
    ['an empty Encrypt', '<xml><Encrypt><![CDATA[]]></Encrypt></xml>'],
    ['an unclosed element', '<xml><Encrypt>abc</xml>'],
    ['a mismatched close', '<xml><Encrypt>abc</Encryp></xml>'],
    ['an unterminated CDATA', '<xml><Encrypt><![CDATA[abc</Encrypt></xml>'],
    ['attributes', '<xml><Encrypt a="1">abc</Encrypt></xml>'],
    ['another root', '<root><Encrypt>abc</Encrypt></root>'],
    ['trailing content', '<xml><Encrypt>abc</Encrypt></xml><xml/>'],
    ['JSON', '{"Encrypt":"abc"}'],
    ['nothing', ''],
  ])('refuses %s as xml', (_name, xml) => {
    expect(reasonOf(() => readCallbackEnvelope(xml))).toBe('xml');
  });

  test('is linear: a 60 KB hostile envelope is refused in well under 50 ms', () => {
    const hostile = `<xml>${'<a>'.repeat(20_000)}`;
    const started = performance.now();
    expect(reasonOf(() => readCallbackEnvelope(hostile))).toBe('xml');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('parseCallbackXml limits', () => {
  test('deep nesting is a rejection, not a stack overflow', async () => {
    await expect(parseCallbackXml(deep(5000))).rejects.toMatchObject({ reason: 'xml' });
    await expect(parseCallbackXml(deep(40))).rejects.toMatchObject({ reason: 'xml' });
    await expect(parseCallbackXml(deep(20))).resolves.toMatchObject({});
  });

  test('maxElementDepth counts open elements, ignoring CDATA, declarations and self-closing tags', () => {
    expect(maxElementDepth('<?xml version="1.0"?><xml><a><b/><c><![CDATA[<d><e><f>]]></c></a></xml>')).toBe(3);
    expect(maxElementDepth(deep(10))).toBe(12);
  });
});
