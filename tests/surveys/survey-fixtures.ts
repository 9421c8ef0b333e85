/** A service-satisfaction template: two 1–5 items in two categories, NPS, a choice and a free text. */
import type { CreateSurveyTemplateInput } from '../../src/crm/surveys/survey-template-input.js';

export const serviceTemplate = {
  key: 'service',
  name: '服务满意度',
  kind: 'service_satisfaction',
  items: [
    { key: 'speed', label: { zh: '响应速度', en: 'Response speed' }, type: 'scale5', required: true, category: 'response', weight: 2 },
    { key: 'quality', label: { zh: '解决质量', en: 'Quality of the fix' }, type: 'scale5', required: true, category: 'result' },
    { key: 'nps', label: { zh: '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us?' }, type: 'nps', required: true },
    {
      key: 'channel',
      label: { zh: '您通过什么方式联系我们？', en: 'How did you contact us?' },
      type: 'single',
      options: [
        { key: 'phone', label: { zh: '电话', en: 'Phone' } },
        { key: 'wechat', label: { zh: '微信', en: 'WeChat' } },
      ],
    },
    { key: 'comment', label: { zh: '还有什么想告诉我们的？', en: 'Anything else?' }, type: 'text' },
  ],
} satisfies CreateSurveyTemplateInput;
