import { describe, expect, it } from 'vitest';
import { parseCommandLine, restOfLine, type ParsedLine } from '../../../bot-commands/framework/parse-command-line.js';

const knownNames = new Set(['help', '帮助', 'customer', '客户', 'log', '跟进', 'remind', '提醒', 'tag', '标签', 'todo', '待办', '?']);
const parse = (text: string, botNames?: string[]): ParsedLine => parseCommandLine(text, { knownNames, botNames });

function command(text: string, botNames?: string[]): { name: string; args: string[]; slash: boolean } {
  const r = parse(text, botNames);
  if (r.kind !== 'command') throw new Error(`expected a command from ${JSON.stringify(text)}, got ${r.kind}`);
  return { name: r.command.name, args: r.command.args.map((a) => a.value), slash: r.command.slash };
}

describe('parseCommandLine', () => {
  const cases: [string, string, string[]][] = [
    ['/客户 张三', '客户', ['张三']],
    ['／客户 张三', '客户', ['张三']],
    ['/customer Zhang', 'customer', ['Zhang']],
    ['/CUSTOMER Zhang', 'customer', ['Zhang']],
    ['/Customer  Zhang ', 'customer', ['Zhang']],
    ['／ＨＥＬＰ', 'help', []],
    ['/help', 'help', []],
    ['/ 客户 张三', '客户', ['张三']],
    ['  /客户 张三  ', '客户', ['张三']],
    ['/客户　张三', '客户', ['张三']],
    ['/客户\t张三', '客户', ['张三']],
    ['/客户：张三', '客户', ['张三']],
    ['/客户:张三', '客户', ['张三']],
    ['/客户张三', '客户', ['张三']],
    ['/跟进张三 电话沟通', '跟进', ['张三', '电话沟通']],
    ['/客户 "张 三"', '客户', ['张 三']],
    // A comma grouping thousands stays in its figure; other commas still separate.
    ['/标签 张三 80,000 ¥12,000.50', '标签', ['张三', '80,000', '¥12,000.50']],
    ['/标签 张三 1,234,567', '标签', ['张三', '1,234,567']],
    ['/标签 张三,李四', '标签', ['张三', '李四']],
    ['/标签 8,12', '标签', ['8', '12']],
    ['/标签 8,1234', '标签', ['8', '1234']],
    ['/客户 “张 三”', '客户', ['张 三']],
    ['/客户 “张三”', '客户', ['张三']],
    ['/客户 「张 三」', '客户', ['张 三']],
    ['/客户 『张 三』', '客户', ['张 三']],
    ['/客户 ‘张 三’', '客户', ['张 三']],
    ['/客户 "张 三', '客户', ['张 三']],
    ['/客户 “张 三"', '客户', ['张 三']],
    ['/跟进 张三，电话沟通，对报价满意', '跟进', ['张三', '电话沟通', '对报价满意']],
    ['/跟进 张三：电话沟通', '跟进', ['张三', '电话沟通']],
    ['/标签 张三 +重点、-冷淡', '标签', ['张三', '+重点', '-冷淡']],
    ['/tag Zhang +vip,-cold', 'tag', ['Zhang', '+vip', '-cold']],
    ['/提醒 张三 明天10:00 发报价', '提醒', ['张三', '明天10:00', '发报价']],
    ['@ChatCRM /客户 张三', '客户', ['张三']],
    ['@ChatCRM\u2005/客户 张三', '客户', ['张三']],
    ['@ChatCRM  ／客户 张三', '客户', ['张三']],
    ['@销售助手 @ChatCRM /客户 张三', '客户', ['张三']],
    ['\u200B/客户 张三', '客户', ['张三']],
    ['/unknowncmd foo', 'unknowncmd', ['foo']],
    ['/custmer 张三', 'custmer', ['张三']],
    ['/', '', []],
    ['/?', '?', []],
    // Without a slash: only when the first word is exactly a command name.
    ['客户 张三', '客户', ['张三']],
    ['help', 'help', []],
    ['Help log', 'help', ['log']],
    ['帮助', '帮助', []],
    ['待办', '待办', []],
    ['@ChatCRM 客户 张三', '客户', ['张三']],
  ];

  it.each(cases)('%j → %s %j', (text, name, args) => {
    const c = command(text);
    expect(c.name).toBe(name);
    expect(c.args).toEqual(args);
  });

  it('a mention with spaces in the bot name is dropped when the name is given', () => {
    expect(command('@Chat CRM /客户 张三', ['Chat CRM'])).toMatchObject({ name: '客户', args: ['张三'] });
  });

  it.each(['客户说明天再联系', '你好', 'customers are great', '张三 客户', '客户张三', 'hello /客户'])(
    'plain text %j is not a command',
    (text) => {
      expect(parse(text).kind).toBe('text');
    },
  );

  it.each(['', '   ', '@ChatCRM', '@ChatCRM  ', '\u200B'])('%j is empty', (text) => {
    expect(parse(text).kind).toBe('empty');
  });

  it('keeps the raw rest of the line for free-text arguments', () => {
    const r = parse('/跟进 张三 电话沟通，对报价满意， 下周二再联系');
    if (r.kind !== 'command') throw new Error('not a command');
    expect(restOfLine(r.command, 1)).toBe('电话沟通，对报价满意， 下周二再联系');
    expect(restOfLine(r.command, 0)).toBe('张三 电话沟通，对报价满意， 下周二再联系');
    expect(restOfLine(r.command, 5)).toBe('');
  });

  it('unquotes a lone quoted rest argument but keeps quotes inside longer text', () => {
    const lone = parse('/跟进 张三 "电话 沟通"');
    const longer = parse('/跟进 "张 三" 说 "好的" 明天');
    if (lone.kind !== 'command' || longer.kind !== 'command') throw new Error('not a command');
    expect(restOfLine(lone.command, 1)).toBe('电话 沟通');
    expect(restOfLine(longer.command, 1)).toBe('说 "好的" 明天');
    expect(longer.command.args[0]).toMatchObject({ value: '张 三', quoted: true });
  });

  it('does not fold the width of argument values (names keep their characters)', () => {
    expect(command('/客户 张三（北京）').args).toEqual(['张三（北京）']);
    expect(command('/客户 ｐｏｎｙ').args).toEqual(['ｐｏｎｙ']);
  });

  it('reports whether a slash was used', () => {
    expect(command('/客户 张三').slash).toBe(true);
    expect(command('客户 张三').slash).toBe(false);
  });
});
