import { describe, expect, it } from 'vitest';
import { parseTagChanges } from '../../bot-commands/tag.js';
import { inferChannel } from '../../bot-commands/support/infer-channel.js';
import { looksLikePhone } from '../../bot-commands/support/looks-like-phone.js';
import { stageFromText } from '../../bot-commands/support/stage-names.js';
import { CrmError } from '../../src/errors.js';
import { DEFAULT_STAGES, findStage, resolveStage } from '../../src/crm/stages.js';

describe('inferChannel', () => {
  it.each([
    ['电话沟通，对报价满意', 'phone'],
    ['打电话确认了时间', 'phone'],
    ['微信发了资料，之后电话确认', 'wechat'],
    ['上门拜访', 'visit'],
    ['开会讨论方案', 'meeting'],
    ['邮件发了合同', 'email'],
    ['Called, sent quote', 'phone'],
    ['met the CTO', 'meeting'],
    ['emailed the deck', 'email'],
  ])('%s → %s', (text, channel) => {
    expect(inferChannel(text)).toBe(channel);
  });
  it.each(['对报价满意', 'recalled nothing', ''])('%j has no channel', (text) => {
    expect(inferChannel(text)).toBeUndefined();
  });
});

describe('parseTagChanges', () => {
  it('reads + and - (ASCII and full-width), bare words add, duplicates collapse', () => {
    expect(parseTagChanges(['+VIP', '-冷淡', '重点', '＋华东', '－旧', '+VIP', '+', '-'])).toEqual({ add: ['VIP', '重点', '华东'], remove: ['冷淡', '旧'] });
  });
  it('refuses a tag longer than 40 characters', () => {
    expect(() => parseTagChanges([`+${'长'.repeat(41)}`])).toThrow(CrmError);
  });
});

describe('stageFromText', () => {
  it.each([
    ['成交', 'won'],
    ['WON', 'won'],
    ['ｗｏｎ', 'won'],
    ['意向客户', 'intent'],
    ['洽谈', 'negotiating'],
    ['lost', 'lost'],
  ])('%s → %s', (text, key) => {
    expect(stageFromText(DEFAULT_STAGES, text).key).toBe(key);
  });
  it('names the valid stages when the text is none of them', () => {
    expect(() => stageFromText(DEFAULT_STAGES, '成功')).toThrow(/潜在、意向、谈判、成交、流失/);
  });
});

describe('resolveStage (REST) takes the spellings chat takes', () => {
  it.each([
    ['ｗｏｎ', 'won'],
    ['ＣＬＯＳＥＤ－ＬＯＳＴ', 'lost'],
    ['\u3000成交\u3000', 'won'],
    ['Negotiation', 'negotiating'],
  ])('%s → %s', (text, key) => {
    expect(resolveStage(DEFAULT_STAGES, text).key).toBe(key);
    expect(stageFromText(DEFAULT_STAGES, text).key).toBe(key);
  });
  it('findStage gives undefined for an unknown stage, and resolveStage still refuses it', () => {
    expect(findStage(DEFAULT_STAGES, '成功')).toBeUndefined();
    expect(() => resolveStage(DEFAULT_STAGES, '成功')).toThrow(CrmError);
  });
});

describe('looksLikePhone', () => {
  it.each(['13800138000', '+86 138-0013-8000', '(010) 6552-9988'])('%s is a phone number', (text) => {
    expect(looksLikePhone(text)).toBe(true);
  });
  it.each(['张三', 'C00012', '12345', '星河科技', '1'.repeat(21)])('%s is not', (text) => {
    expect(looksLikePhone(text)).toBe(false);
  });
});
