import { describe, expect, test } from 'vitest';
import { WecomCallbackRejected } from '../../../src/channels/wecom/callback-rejected.js';
import { parseCallbackXml } from '../../../src/channels/wecom/parse-callback-xml.js';

describe('parseCallbackXml', () => {
  test('flattens the envelope and CDATA into strings', async () => {
    const fields = await parseCallbackXml(
      '<xml><ToUserName><![CDATA[ww1]]></ToUserName>\n<Encrypt><![CDATA[a+b/c==]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>',
    );
    expect(fields).toEqual({ ToUserName: 'ww1', Encrypt: 'a+b/c==', AgentID: '1000002' });
  });

  test('keeps CDATA content verbatim (markup, ampersands, whitespace, Chinese)', async () => {
    const fields = await parseCallbackXml('<xml><Content><![CDATA[ <b>&amp; 你好 ]]></Content><N>5</N><E></E><F/></xml>');
    expect(fields).toEqual({ Content: ' <b>&amp; 你好 ', N: '5', E: '', F: '' });
  });

  test('nested and repeated elements become dotted keys', async () => {
    const fields = await parseCallbackXml(
      '<xml><ChatId>c1</ChatId><MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList><One><Item>x</Item></One></xml>',
    );
    expect(fields).toEqual({ ChatId: 'c1', 'MemChangeList.Item.0': 'Jack', 'MemChangeList.Item.1': 'Rose', 'One.Item': 'x' });
  });

  test('a __proto__ element is an ordinary own key, not a prototype change', async () => {
    const fields = await parseCallbackXml('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect((fields as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(fields).some((k) => k.startsWith('__proto__') && k.endsWith('polluted'))).toBe(true);
  });

  const bad: [string, string, string][] = [
    ['DOCTYPE with entity', '<!DOCTYPE xml [<!ENTITY x "boom">]><xml><A>&x;</A></xml>', 'xml'],
    ['bare ENTITY declaration', '<xml><!ENTITY x SYSTEM "file:///etc/passwd"><A>1</A></xml>', 'xml'],
    ['lower-case doctype', '<!doctype xml><xml/>', 'xml'],
    ['unclosed tag', '<xml><A>1</xml>', 'xml'],
    ['not xml at all', '{"encrypt":"x"}', 'xml'],
    ['wrong root', '<root><A>1</A></root>', 'xml'],
    ['undefined entity', '<xml><A>&foo;</A></xml>', 'xml'],
    ['empty', '', 'xml'],
  ];
  test.each(bad)('rejects %s', async (_name, xml, reason) => {
    await expect(parseCallbackXml(xml)).rejects.toBeInstanceOf(WecomCallbackRejected);
    await expect(parseCallbackXml(xml)).rejects.toMatchObject({ reason });
  });

  test('rejects input above the byte bound before parsing it', async () => {
    const big = `<xml><A>${'你'.repeat(50)}</A></xml>`;
    await expect(parseCallbackXml(big, 100)).rejects.toMatchObject({ reason: 'too_large' });
    await expect(parseCallbackXml(big, 1000)).resolves.toEqual({ A: '你'.repeat(50) });
  });
});
