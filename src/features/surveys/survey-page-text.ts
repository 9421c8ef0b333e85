import type { SurveyLinkRefusal } from '../../crm/surveys/survey-link-refused.js';

export type SurveyLang = 'zh' | 'en';

/** The words of the client's survey pages, in both languages. */
export const SURVEY_PAGE_TEXT = {
  zh: {
    submit: '提交',
    required: '必填',
    scaleLow: '很不满意',
    scaleHigh: '很满意',
    npsLow: '完全不可能',
    npsHigh: '非常可能',
    fixProblems: '请检查标红的问题后再提交。',
    problem: { required: '请回答这一题', other: '这个回答不符合要求' },
    thanksTitle: '感谢您的反馈！',
    thanksBody: '您的回答已提交，我们会认真对待每一条意见。',
    refused: {
      forged: ['链接无效', '这个问卷链接不完整或已被改动，请向发给您的同事重新索取。'],
      unknown: ['问卷不存在', '这份问卷已经撤回，感谢您的关注。'],
      expired: ['链接已过期', '这个问卷链接已过期。如果还想告诉我们您的感受，请联系您的客户经理。'],
      used: ['您已经提交过了', '这份问卷已经回答过，感谢您的反馈！'],
    } satisfies Record<SurveyLinkRefusal, [string, string]>,
    error: ['暂时无法打开问卷', '请稍后再试。'],
  },
  en: {
    submit: 'Submit',
    required: 'required',
    scaleLow: 'Very dissatisfied',
    scaleHigh: 'Very satisfied',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
    fixProblems: 'Please check the questions marked in red and submit again.',
    problem: { required: 'Please answer this question', other: 'This answer is not valid' },
    thanksTitle: 'Thank you for your feedback!',
    thanksBody: 'Your answers have been submitted. We read every one of them.',
    refused: {
      forged: ['Invalid link', 'This survey link is incomplete or was changed. Please ask the colleague who sent it for a new one.'],
      unknown: ['Survey not found', 'This survey has been withdrawn. Thank you for your interest.'],
      expired: ['Link expired', 'This survey link has expired. To tell us how we did, please contact your account manager.'],
      used: ['Already submitted', 'This survey has already been answered. Thank you for your feedback!'],
    } satisfies Record<SurveyLinkRefusal, [string, string]>,
    error: ['The survey cannot be opened right now', 'Please try again later.'],
  },
} as const;

/** `?lang=` first, then the browser's Accept-Language (WeChat's in-app browser sends the phone's language); Chinese by default. */
export function surveyLang(queryLang: unknown, acceptLanguage: string | undefined): SurveyLang {
  if (typeof queryLang === 'string' && queryLang) return queryLang.toLowerCase().startsWith('en') ? 'en' : 'zh';
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
