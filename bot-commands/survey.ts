import { mayContact } from '../src/crm/customers/may-contact.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';

export const surveyCommand = defineCommand<'customer' | 'template', CrmServices>({
  name: 'survey',
  aliases: ['问卷', '满意度', 'satisfaction'],
  pinyin: ['wenjuan', 'wj'],
  summary: '生成客户满意度问卷链接',
  en: { summary: 'Create a satisfaction survey link for a customer' },
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'template', label: '问卷', labelEn: 'template', required: false },
  ],
  permission: 'everyone',
  help: '生成一个一次性、限时有效的问卷链接，复制发给客户即可；客户无需登录。有多个问卷模板时请写上模板代号。标记为「不接受调查」的客户不会生成链接。',
  examples: ['/问卷 张三', '/问卷 C00012 service', '/survey "Zhang San"'],
  async handler(ctx, { args }) {
    const lang = ctx.lang;
    const customer = await findCustomerByReference(ctx, args.customer);
    const who = `${customer.name}（${customer.code}）`;
    if (!mayContact(customer, 'survey')) {
      return { type: 'text', text: tr(lang, `${who}已标记为「不接受调查」，没有生成问卷链接。`, `${customer.name} (${customer.code}) does not accept surveys; no link was made.`) };
    }
    if (!ctx.surveyLinks) return { type: 'text', text: tr(lang, '这里不能生成问卷链接，请在侧边栏发送。', 'Survey links cannot be made here; send one from the sidebar.') };
    const templates = (await ctx.services.listSurveyTemplates(ctx.actor)).filter((t) => t.active);
    const wanted = args.template.trim();
    const template = wanted ? templates.find((t) => t.key === wanted || t.name === wanted) : templates.length === 1 ? templates[0] : undefined;
    if (!template) {
      const list = templates.map((t) => `${t.key}（${t.name}）`).join('、');
      if (templates.length === 0) return { type: 'text', text: tr(lang, '还没有可用的问卷模板，请管理员先创建。', 'There is no active survey template yet; ask an admin to create one.') };
      return {
        type: 'text',
        text: wanted
          ? tr(lang, `没有问卷模板「${wanted}」。可用的有：${list}`, `No survey template "${wanted}". Available: ${list}`)
          : tr(lang, `有多个问卷模板，请写上代号，例如 /问卷 ${customer.code} ${templates[0]!.key}。可用的有：${list}`, `Several templates; name one, e.g. /survey ${customer.code} ${templates[0]!.key}. Available: ${list}`),
      };
    }
    const { invitation, url } = await ctx.services.createSurveyInvitation(ctx.actor, { customerId: String(customer._id), templateKey: template.key }, ctx.surveyLinks);
    const until = invitation.expiresAt.toISOString().slice(0, 10);
    return {
      type: 'text',
      text: tr(
        lang,
        `📋 ${who}的「${template.name}」问卷链接（一次有效，${until} 前）：\n${url}\n复制发给客户即可。`,
        `📋 "${template.name}" for ${customer.name} (${customer.code}), single use, until ${until}:\n${url}\nPaste it to the client.`,
      ),
    };
  },
});
