import { InvalidInput } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { foldWidth } from './framework/fold-width.js';
import { tr, type ReplyLanguage } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';

const CHOICES: Record<string, ReplyLanguage | null> = {
  中文: 'zh', 汉语: 'zh', 简体中文: 'zh', zh: 'zh', 'zh-cn': 'zh', chinese: 'zh', cn: 'zh',
  英文: 'en', 英语: 'en', english: 'en', en: 'en',
  自动: null, 跟随命令: null, auto: null, off: null,
};

/** Sets the language replies are written in for the person who sends it (or back to the language of each command). */
export const languageCommand = defineCommand<'language', CrmServices>({
  name: 'language',
  aliases: ['语言', 'lang'],
  pinyin: ['yuyan', 'yy'],
  summary: '设置回复语言',
  en: { summary: 'Choose the language of replies' },
  args: [{ name: 'language', label: '中文|英文|自动', labelEn: 'chinese|english|auto', required: true }],
  permission: 'everyone',
  help: '设置给你的回复用中文还是英文；「自动」表示跟随每条命令的语言（/提醒 用中文，/remind 用英文）。',
  examples: ['/语言 英文', '/语言 自动', '/language chinese'],
  async handler(ctx, { args }) {
    const wanted = foldWidth(args.language).trim().toLowerCase();
    if (!Object.hasOwn(CHOICES, wanted)) {
      throw new InvalidInput(
        tr(ctx.lang, `没有「${args.language}」这个选项。可选：中文、英文、自动。`, `"${args.language}" is not a choice: chinese, english or auto.`),
      );
    }
    const language = CHOICES[wanted]!;
    await ctx.services.setStaffLanguage(ctx.actor, language);
    const lang = language ?? ctx.lang;
    if (language === null) {
      return { type: 'text', text: tr(lang, '✅ 回复语言：跟随每条命令（/提醒 用中文，/remind 用英文）。', '✅ Replies now follow each command: /remind in English, /提醒 in Chinese.') };
    }
    return { type: 'text', text: tr(lang, '✅ 以后给你的回复都用中文。', '✅ Replies to you are in English from now on.') };
  },
});
