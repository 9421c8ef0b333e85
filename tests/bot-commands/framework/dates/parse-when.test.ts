import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findLeadingWhen, findTrailingWhen, parseWhen } from '../../../../bot-commands/framework/dates/parse-when.js';

const ZONE = 'Asia/Shanghai';
/** Wednesday 2026-05-13 10:00 in Shanghai (02:00 UTC). */
const WED_10AM = new Date('2026-05-13T02:00:00Z');
const opts = { now: WED_10AM, timeZone: ZONE };

function local(d: Date, zone = ZONE): string {
  return DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

describe('parseWhen: whole phrases, now = Wed 2026-05-13 10:00 Asia/Shanghai', () => {
  // [input, expected local date-time, has an explicit time]
  const cases: [string, string, boolean][] = [
    ['今天', '2026-05-13 09:00', false],
    ['明天', '2026-05-14 09:00', false],
    ['明日', '2026-05-14 09:00', false],
    ['后天', '2026-05-15 09:00', false],
    ['大后天', '2026-05-16 09:00', false],
    ['下周二', '2026-05-19 09:00', false],
    ['下星期二', '2026-05-19 09:00', false],
    ['下个礼拜二', '2026-05-19 09:00', false],
    ['下周日', '2026-05-24 09:00', false],
    ['下周天', '2026-05-24 09:00', false],
    ['下下周一', '2026-05-25 09:00', false],
    ['周五', '2026-05-15 09:00', false],
    ['星期五', '2026-05-15 09:00', false],
    ['礼拜五', '2026-05-15 09:00', false],
    ['这周五', '2026-05-15 09:00', false],
    ['本周五', '2026-05-15 09:00', false],
    ['周三', '2026-05-13 09:00', false],
    ['周二', '2026-05-19 09:00', false],
    ['上周五', '2026-05-08 09:00', false],
    ['3天后', '2026-05-16 09:00', false],
    ['两天后', '2026-05-15 09:00', false],
    ['三天以后', '2026-05-16 09:00', false],
    ['十天后', '2026-05-23 09:00', false],
    ['过两天', '2026-05-15 09:00', false],
    ['一周后', '2026-05-20 09:00', false],
    ['两个星期后', '2026-05-27 09:00', false],
    ['1个月后', '2026-06-13 09:00', false],
    ['半个月后', '2026-05-28 09:00', false],
    ['下个月', '2026-06-13 09:00', false],
    ['下月', '2026-06-13 09:00', false],
    ['下个月5号', '2026-06-05 09:00', false],
    ['下个月初', '2026-06-01 09:00', false],
    ['月底', '2026-05-31 09:00', false],
    ['下月底', '2026-06-30 09:00', false],
    ['下周', '2026-05-18 09:00', false],
    ['周末', '2026-05-16 09:00', false],
    ['下周末', '2026-05-23 09:00', false],
    ['15号', '2026-05-15 09:00', false],
    ['5号', '2026-06-05 09:00', false],
    ['12月1日', '2026-12-01 09:00', false],
    ['12月1号', '2026-12-01 09:00', false],
    ['十二月一日', '2026-12-01 09:00', false],
    ['5月1日', '2027-05-01 09:00', false],
    ['2026-12-01', '2026-12-01 09:00', false],
    ['2026/12/01', '2026-12-01 09:00', false],
    ['2026年12月1日', '2026-12-01 09:00', false],
    ['2026-12-01 14:30', '2026-12-01 14:30', true],
    ['周五下午3点', '2026-05-15 15:00', true],
    ['周五3点', '2026-05-15 15:00', true],
    ['明天上午10点', '2026-05-14 10:00', true],
    ['明天10点', '2026-05-14 10:00', true],
    ['明天 上午10点', '2026-05-14 10:00', true],
    ['明早9点', '2026-05-14 09:00', true],
    ['明晚8点', '2026-05-14 20:00', true],
    ['明天9:30', '2026-05-14 09:30', true],
    ['下周二 10:00', '2026-05-19 10:00', true],
    ['下周一上午', '2026-05-18 09:00', true],
    ['下周二上午十点', '2026-05-19 10:00', true],
    ['3天后下午2点', '2026-05-16 14:00', true],
    ['晚上8点', '2026-05-13 20:00', true],
    ['今晚', '2026-05-13 20:00', true],
    ['今晚8点半', '2026-05-13 20:30', true],
    ['傍晚6点', '2026-05-13 18:00', true],
    ['中午12点', '2026-05-13 12:00', true],
    ['中午1点', '2026-05-13 13:00', true],
    ['下午', '2026-05-13 14:00', true],
    ['下午两点', '2026-05-13 14:00', true],
    ['下午3点半', '2026-05-13 15:30', true],
    ['三点一刻', '2026-05-13 15:15', true],
    ['4点三刻', '2026-05-13 16:45', true],
    ['3点', '2026-05-13 15:00', true],
    ['10点15分', '2026-05-13 10:15', true],
    ['十点半', '2026-05-13 10:30', true],
    ['10:00', '2026-05-14 10:00', true],
    ['9:30', '2026-05-14 09:30', true],
    ['11:00', '2026-05-13 11:00', true],
    ['凌晨2点', '2026-05-14 02:00', true],
    ['晚上12点', '2026-05-14 00:00', true],
    ['半小时后', '2026-05-13 10:30', true],
    ['2小时后', '2026-05-13 12:00', true],
    ['30分钟后', '2026-05-13 10:30', true],
    ['周三上午9点', '2026-05-20 09:00', true],
    ['周三下午3点', '2026-05-13 15:00', true],
    // full-width digits, colon and space
    ['１０：００', '2026-05-14 10:00', true],
    ['５号', '2026-06-05 09:00', false],
    ['下周二　上午十点', '2026-05-19 10:00', true],
    // English
    ['today', '2026-05-13 09:00', false],
    ['tomorrow', '2026-05-14 09:00', false],
    ['Tomorrow 9am', '2026-05-14 09:00', true],
    ['tomorrow at 10:30', '2026-05-14 10:30', true],
    ['tomorrow 3 pm', '2026-05-14 15:00', true],
    ['9am tomorrow', '2026-05-14 09:00', true],
    ['the day after tomorrow', '2026-05-15 09:00', false],
    ['next tuesday', '2026-05-19 09:00', false],
    ['next Tue', '2026-05-19 09:00', false],
    ['friday', '2026-05-15 09:00', false],
    ['this friday', '2026-05-15 09:00', false],
    ['friday 3pm', '2026-05-15 15:00', true],
    ['monday', '2026-05-18 09:00', false],
    ['in 3 days', '2026-05-16 09:00', false],
    ['in a week', '2026-05-20 09:00', false],
    ['in two weeks', '2026-05-27 09:00', false],
    ['in 2 hours', '2026-05-13 12:00', true],
    ['3 days later', '2026-05-16 09:00', false],
    ['next week', '2026-05-18 09:00', false],
    ['next month', '2026-06-13 09:00', false],
    ['end of month', '2026-05-31 09:00', false],
    ['dec 1', '2026-12-01 09:00', false],
    ['December 1st', '2026-12-01 09:00', false],
    ['1st dec', '2026-12-01 09:00', false],
    ['tonight', '2026-05-13 20:00', true],
    ['tonight 8pm', '2026-05-13 20:00', true],
    ['12pm', '2026-05-13 12:00', true],
    ['12am', '2026-05-14 00:00', true],
    ['10:30am', '2026-05-13 10:30', true],
  ];

  it.each(cases)('%s → %s', (input, expected, hasTime) => {
    const when = parseWhen(input, opts);
    expect(when, input).not.toBeNull();
    expect(local(when!.at)).toBe(expected);
    expect(when!.date).toBe(expected.slice(0, 10));
    expect(when!.time !== undefined).toBe(hasTime);
  });

  it.each(['', '张三', '2月30日', '25点', '下午25点', '13月1日', 'next', '报价', '3台', 'mondays', '周八', '2026-13-01'])(
    'rejects %j',
    (input) => {
      expect(parseWhen(input, opts)).toBeNull();
    },
  );
});

describe('parseWhen: the tenant time zone decides what "today" is', () => {
  it('01:00 Thursday in Shanghai is still Wednesday in UTC; 明天 is Friday', () => {
    const now = new Date('2026-05-13T17:00:00Z');
    expect(local(parseWhen('明天', { now, timeZone: ZONE })!.at)).toBe('2026-05-15 09:00');
    expect(local(parseWhen('明天', { now, timeZone: 'UTC' })!.at, 'UTC')).toBe('2026-05-14 09:00');
  });

  it('resolves in another zone and across a DST change', () => {
    const now = new Date('2026-03-07T15:00:00Z'); // Sat 10:00 in New York, DST starts Sunday
    const when = parseWhen('明天上午10点', { now, timeZone: 'America/New_York' })!;
    expect(local(when.at, 'America/New_York')).toBe('2026-03-08 10:00');
    expect(when.at.toISOString()).toBe('2026-03-08T14:00:00.000Z');
  });

  it('uses the default hour it is given for a date without a time', () => {
    expect(local(parseWhen('明天', { ...opts, defaultHour: 14 })!.at)).toBe('2026-05-14 14:00');
  });

  it('on a Sunday, 下周二 is the Tuesday two days later and 周日 is today', () => {
    const sunday = new Date('2026-05-17T02:00:00Z');
    expect(parseWhen('下周二', { now: sunday, timeZone: ZONE })!.date).toBe('2026-05-19');
    expect(parseWhen('周日', { now: sunday, timeZone: ZONE })!.date).toBe('2026-05-17');
    expect(parseWhen('周一', { now: sunday, timeZone: ZONE })!.date).toBe('2026-05-18');
  });

  it('a time already gone today rolls to tomorrow; 周五下午3点 said on Friday at 4 pm is next Friday', () => {
    const friday4pm = new Date('2026-05-15T08:00:00Z');
    expect(local(parseWhen('下午3点', { now: friday4pm, timeZone: ZONE })!.at)).toBe('2026-05-16 15:00');
    expect(local(parseWhen('周五下午3点', { now: friday4pm, timeZone: ZONE })!.at)).toBe('2026-05-22 15:00');
  });

  it('31号 in a month without a 31st goes to the next month that has one', () => {
    const nov = new Date('2026-11-10T02:00:00Z');
    expect(parseWhen('31号', { now: nov, timeZone: ZONE })!.date).toBe('2026-12-31');
  });

  it('月底 on 31 January and 下个月 clamp to the month length', () => {
    const jan31 = new Date('2026-01-31T02:00:00Z');
    expect(parseWhen('下个月', { now: jan31, timeZone: ZONE })!.date).toBe('2026-02-28');
    expect(parseWhen('月底', { now: jan31, timeZone: ZONE })!.date).toBe('2026-01-31');
  });

  it('refuses an unknown time zone loudly', () => {
    expect(() => parseWhen('明天', { now: WED_10AM, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});

describe('findTrailingWhen: a date phrase at the end of a note', () => {
  const cases: [string, string, string, string][] = [
    // [note, expected local date-time, text before, trailer]
    ['电话沟通，对报价满意，下周二再联系', '2026-05-19 09:00', '电话沟通，对报价满意', '再联系'],
    ['对报价满意下周二上午10点再联系。', '2026-05-19 10:00', '对报价满意', '再联系'],
    ['今天拜访了，明天再联系吧', '2026-05-14 09:00', '今天拜访了', '再联系吧'],
    ['客户要10台，下周再说', '2026-05-18 09:00', '客户要10台', '再说'],
    ['对方说月底前回复', '2026-05-31 09:00', '对方说', '前回复'],
    ['约了周五下午见面', '2026-05-15 14:00', '约了', '见面'],
    ['样品已寄出 3天后回访', '2026-05-16 09:00', '样品已寄出', '回访'],
    ['报价发了，12月1日签合同', '2026-12-01 09:00', '报价发了', '签合同'],
    ['需求确认完毕；周五', '2026-05-15 09:00', '需求确认完毕', ''],
    ['电话沟通，对报价满意，下周二再联系', '2026-05-19 09:00', '电话沟通，对报价满意', '再联系'],
    ['Quote sent, call again in 2 days', '2026-05-15 09:00', 'Quote sent, call again', ''],
    ['call back next tuesday', '2026-05-19 09:00', 'call back', ''],
    ['Demo done. Follow up tomorrow 9am.', '2026-05-14 09:00', 'Demo done. Follow up', ''],
    ['全角：下周二　再联系', '2026-05-19 09:00', '全角：', '再联系'],
  ];

  it.each(cases)('%s', (note, expected, before, trailer) => {
    const found = findTrailingWhen(note, opts);
    expect(found, note).not.toBeNull();
    expect(local(found!.when.at)).toBe(expected);
    expect(found!.before).toBe(before);
    expect(found!.trailer).toBe(trailer);
  });

  it.each([
    '价格谈好了',
    '报价降了3点',
    '1号楼2层',
    '客户每周五开例会',
    '每周五',
    '明天的事明天再说，今天先把合同发了',
    'we sat down and talked',
    '预算100万',
    '电话13800138000',
  ])('finds no date at the end of %j', (note) => {
    expect(findTrailingWhen(note, opts)).toBeNull();
  });
});

describe('findLeadingWhen: a date phrase opening an argument', () => {
  const cases: [string, string, string][] = [
    ['明天上午10点 发报价', '2026-05-14 10:00', '发报价'],
    ['明天 上午10点 发报价', '2026-05-14 10:00', '发报价'],
    ['下周二发合同', '2026-05-19 09:00', '发合同'],
    ['周五下午3点，确认样品', '2026-05-15 15:00', '确认样品'],
    ['tomorrow 9am send quote', '2026-05-14 09:00', 'send quote'],
    ['in 3 days: call', '2026-05-16 09:00', 'call'],
    ['2026-12-01 14:30 续约', '2026-12-01 14:30', '续约'],
  ];
  it.each(cases)('%s', (input, expected, rest) => {
    const found = findLeadingWhen(input, opts);
    expect(found).not.toBeNull();
    expect(local(found!.when.at)).toBe(expected);
    expect(found!.rest).toBe(rest);
  });

  it('returns null when the text does not start with a date', () => {
    expect(findLeadingWhen('发报价 明天', opts)).toBeNull();
    expect(findLeadingWhen('todays news', opts)).toBeNull();
  });
});
