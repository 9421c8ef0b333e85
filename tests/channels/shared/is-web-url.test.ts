import { describe, expect, test } from 'vitest';
import { isWebUrl } from '../../../src/channels/shared/is-web-url.js';
import { oneLine } from '../../../src/channels/shared/one-line.js';

describe('isWebUrl', () => {
  test('absolute http and https URLs are links', () => {
    expect(isWebUrl('https://crm.example.com/c/1?x=1#top')).toBe(true);
    expect(isWebUrl('http://localhost:3000/')).toBe(true);
    expect(isWebUrl('HTTPS://crm.example.com')).toBe(true);
  });

  test('other schemes, relative or unparsable URLs and any whitespace are not', () => {
    for (const url of ['javascript:alert(1)', 'dingtalk://dingtalkclient/page', 'ftp://x.y', '/c/1', 'https://', 'https://[x', '']) {
      expect(isWebUrl(url)).toBe(false);
    }
    for (const url of [' https://x.y', 'https://x.y ', 'https://x.y/a b', 'https://x.y/\n']) expect(isWebUrl(url)).toBe(false);
  });
});

describe('oneLine', () => {
  test('line breaks and the whitespace around them become one space', () => {
    expect(oneLine('  a \r\n  b\n\nc  ')).toBe('a b c');
    expect(oneLine('a  b')).toBe('a  b');
  });
});
