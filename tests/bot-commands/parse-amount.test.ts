import { describe, expect, test } from 'vitest';
import { parseAmount } from '../../bot-commands/support/parse-amount.js';

describe('parseAmount: chat amounts → integer minor units', () => {
  const cny: [string, number][] = [
    ['8万', 8_000_000],
    ['8w', 8_000_000],
    ['8W', 8_000_000],
    ['80,000', 8_000_000],
    ['80000', 8_000_000],
    ['¥80000', 8_000_000],
    ['￥80,000.00', 8_000_000],
    ['RMB 80000', 8_000_000],
    ['80000元', 8_000_000],
    ['8万元', 8_000_000],
    ['8.5k', 850_000],
    ['8.5K', 850_000],
    ['8.5万', 8_500_000],
    ['一百二十万', 120_000_000],
    ['壹佰贰拾万元整', 120_000_000],
    ['十万', 10_000_000],
    ['十五', 1_500],
    ['两万五', 2_500_000],
    ['三千五', 350_000],
    ['8万5', 8_500_000],
    ['一百零五', 10_500],
    ['一千零五十', 105_000],
    ['三万五千', 3_500_000],
    ['1亿2000万', 12_000_000_000],
    ['1.2亿', 12_000_000_000],
    ['12,345.67元', 1_234_567],
    ['0.01', 1],
    ['０.５万', 500_000],
    ['80000块', 8_000_000],
  ];
  test.each(cny)('%s → %d 分', (text, minor) => {
    expect(parseAmount(text)).toEqual({ amount: minor, currency: 'CNY' });
  });

  test.each([
    ['$1.5k', 150_000, 'USD'],
    ['100美元', 10_000, 'USD'],
    ['€20', 2_000, 'EUR'],
  ])('%s → %d %s', (text, minor, currency) => {
    expect(parseAmount(text)).toEqual({ amount: minor, currency });
  });

  test('JPY has no minor unit', () => {
    expect(parseAmount('8万', 'JPY')).toEqual({ amount: 80_000, currency: 'JPY' });
    expect(() => parseAmount('1.5', 'JPY')).toThrow(/精度/);
  });

  test.each(['', 'abc', '-5', '8万万', '12.345', '1,23', '万', '五五', '¥10美元', '8万8万'])('refuses %j', (text) => {
    expect(() => parseAmount(text)).toThrow(/无法识别金额/);
  });
});
