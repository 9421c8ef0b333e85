import { Conflict } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import { restOfLine } from './framework/parse-command-line.js';
import type { CrmServices } from './support/crm-services.js';
import { looksLikePhone } from './support/looks-like-phone.js';
import { stageName } from './support/stage-names.js';

function duplicateCode(details: unknown): string | undefined {
  const code = (details as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code ? code : undefined;
}

export const newCommand = defineCommand<'name' | 'phone' | 'company', CrmServices>({
  name: 'new',
  aliases: ['新建', '新客户', 'add', 'create'],
  pinyin: ['xinjian', 'xj', 'xinkehu', 'xkh'],
  summary: '新建客户',
  en: { summary: 'Create a customer' },
  args: [
    { name: 'name', label: '名称', labelEn: 'name', required: true },
    { name: 'phone', label: '手机', labelEn: 'phone', required: false },
    { name: 'company', label: '公司', labelEn: 'company', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '新建一个客户，负责人是你自己。手机和公司可以省略；第二个参数不像手机号时就当作公司名。\n名称里有空格时请加引号。手机号与已有客户重复时不会新建。',
  examples: ['/新建 张三', '/新建 张三 13800138000 星河科技', '/新建 "Zhang San" Acme Ltd'],
  async handler(ctx, { args, line }) {
    const hasPhone = looksLikePhone(args.phone);
    const company = hasPhone ? args.company : restOfLine(line, 1);
    const customer = await ctx.services.createCustomer(ctx.actor, {
      name: args.name,
      ...(hasPhone ? { phones: [args.phone] } : {}),
      ...(company ? { company } : {}),
    }).catch((err: unknown) => {
      // The domain refuses a duplicate phone and names the other customer's code; said again in
      // Chinese. Only the code is shown: the other customer may be outside the actor's scope.
      const code = err instanceof Conflict ? duplicateCode(err.details) : undefined;
      if (code) throw new Conflict(tr(ctx.lang, `已有相同手机号的客户（${code}），没有新建。`, `A customer with this phone number exists (${code}); nothing was created.`), { code });
      throw err;
    });
    const sameName = await ctx.services.findSameNameCustomers(ctx.actor, customer);
    const stages = await ctx.services.getTenantStages(ctx.actor.tenantId);
    if (ctx.lang === 'en') {
      return {
        type: 'text',
        text: [
          `✅ Customer created: ${customer.name} (${customer.code})${customer.company ? ` · ${customer.company}` : ''}`,
          `Stage: ${stageName(stages, customer.stage, 'en')}  Owner: ${ctx.actor.name}`,
          ...(sameName.length ? [`Note: customers with the same name exist: ${sameName.map((c) => c.code).join(', ')}`] : []),
          `Log a follow-up: /log ${customer.code} <note>`,
        ].join('\n'),
      };
    }
    return {
      type: 'text',
      text: [
        `✅ 已新建客户 ${customer.name}（${customer.code}）${customer.company ? ` · ${customer.company}` : ''}`,
        `阶段：${stageName(stages, customer.stage)}　负责人：${ctx.actor.name}`,
        ...(sameName.length ? [`注意：已有同名客户 ${sameName.map((c) => c.code).join('、')}`] : []),
        `记录跟进：/跟进 ${customer.code} <内容>`,
      ].join('\n'),
    };
  },
});
