/** The languages chat replies are written in. */
export type ReplyLanguage = 'zh' | 'en';

export const REPLY_LANGUAGES: readonly ReplyLanguage[] = ['zh', 'en'];

/** The reply text in `lang`: every reply string is written in both, side by side where it is used. */
export function tr(lang: ReplyLanguage, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
