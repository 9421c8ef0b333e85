import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { stageFromText, stageLabel, stageName } from './support/stage-names.js';

export const stageCommand = defineCommand<'customer' | 'stage' | 'note', CrmServices>({
  name: 'stage',
  aliases: ['阶段', '推进', 'move'],
  pinyin: ['jieduan', 'jd', 'tuijin', 'tj'],
  summary: '修改客户阶段',
  en: { summary: "Change a customer's stage" },
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'stage', label: '阶段', labelEn: 'stage', required: true },
    { name: 'note', label: '备注', labelEn: 'note', required: false, rest: true },
  ],
  permission: 'everyone',
  help: '阶段：潜在、意向、谈判、成交、流失（也认 lead、intent、negotiating、won、lost 等）。备注会记在时间线上。',
  examples: ['/阶段 张三 成交', '/阶段 C00012 谈判 已发正式报价', '/stage "Zhang San" won'],
  async handler(ctx, { args }) {
    const lang = ctx.lang;
    const stages = await ctx.services.getTenantStages(ctx.actor.tenantId);
    const target = stageFromText(stages, args.stage);
    const customer = await findCustomerByReference(ctx, args.customer);
    const from = customer.stage;
    if (from === target.key) {
      return { type: 'text', text: tr(lang, `${customer.name}（${customer.code}）已经是「${target.name}」阶段，没有修改。`, `${customer.name} (${customer.code}) is already at "${stageLabel(target, 'en')}"; nothing changed.`) };
    }
    await ctx.services.changeStage(ctx.actor, customer._id, target.key, args.note || undefined);
    return {
      type: 'text',
      text: tr(
        lang,
        `✅ ${customer.name}（${customer.code}）：${stageName(stages, from)} → ${target.name}${args.note ? `\n备注：${args.note}` : ''}`,
        `✅ ${customer.name} (${customer.code}): ${stageName(stages, from, 'en')} → ${stageLabel(target, 'en')}${args.note ? `\nNote: ${args.note}` : ''}`,
      ),
    };
  },
});
