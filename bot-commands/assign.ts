import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';
import { findStaffByReference } from './support/find-staff-by-reference.js';

export const assignCommand = defineCommand<'customer' | 'staff', CrmServices>({
  name: 'assign',
  aliases: ['分配', '转交', 'transfer'],
  pinyin: ['fenpei', 'fp', 'zhuanjiao', 'zj'],
  summary: '把客户分配给同事',
  en: { summary: 'Give a customer to a colleague' },
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'staff', label: '同事', labelEn: 'colleague', required: true },
  ],
  permission: { module: 'customers', action: 'admin' },
  help: '把你能管理的客户改由另一位同事负责（写同事的姓名或账号）。时间线和审计日志会记下这次变更。',
  examples: ['/分配 张三 李四', '/分配 C00012 lisi', '/assign "Zhang San" Li'],
  async handler(ctx, { args }) {
    const staff = await findStaffByReference(ctx.actor.tenantId, args.staff);
    const customer = await findCustomerByReference(ctx, args.customer);
    if (customer.ownerId.equals(staff._id)) {
      return { type: 'text', text: tr(ctx.lang, `${customer.name}（${customer.code}）已经由 ${staff.name} 负责，没有修改。`, `${staff.name} already owns ${customer.name} (${customer.code}); nothing changed.`) };
    }
    await ctx.services.assignOwner(ctx.actor, customer._id, String(staff._id));
    return { type: 'text', text: tr(ctx.lang, `✅ 已把 ${customer.name}（${customer.code}）分配给 ${staff.name}`, `✅ ${customer.name} (${customer.code}) now belongs to ${staff.name}`) };
  },
});
