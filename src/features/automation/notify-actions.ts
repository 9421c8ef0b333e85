import type { Types } from 'mongoose';
import { z } from 'zod';
import type { AppDeps } from '../../app/app-module.js';
import type { AutomationAction, AutomationActionContext } from '../../crm/automation/automation-actions.js';
import { subscriptionChannels } from '../../crm/digests/subscription-channels.js';
import { Staff } from '../../crm/models/staff.js';
import { platformUserIdOf } from '../../crm/staff/platform-user-id-of.js';
import { Conflict } from '../../errors.js';
import { defaultDigestChannel } from '../../jobs/digest-settings.js';

const params = z.object({ text: z.string().trim().min(1).max(500) }).strict();
type NotifyParams = z.infer<typeof params>;

/**
 * Chat notices to staff, each where that person reads their digests (else the deployment's
 * default platform), through the outbox under the run's key: a redelivered run stores no second
 * message.
 */
function notifier(deps: Pick<AppDeps, 'config' | 'outbox' | 'renderers'>) {
  return async (context: AutomationActionContext, recipients: { _id: Types.ObjectId; userId: string; name: string }[], text: string) => {
    const channels = await subscriptionChannels(context.tenantId, recipients.map((r) => r._id));
    for (const person of recipients) {
      const channel = channels.get(String(person._id)) ?? defaultDigestChannel(deps.config);
      await deps.outbox.enqueue({
        tenantId: String(context.tenantId),
        platform: channel,
        to: { type: 'user', platformUserId: platformUserIdOf(person, channel) },
        body: deps.renderers.for(channel).notice([text, `客户：${context.customer.name}（${context.customer.code}）`, `（自动化规则「${context.rule.name}」）`]),
        dedupeKey: `${context.key}:${String(person._id)}`,
      });
    }
    return recipients.map((r) => r.name);
  };
}

const STAFF_FIELDS = { userId: 1, name: 1, dingtalkUserId: 1, feishuOpenId: 1, slackUserId: 1, departments: 1 } as const;

export function notifyActions(deps: Pick<AppDeps, 'config' | 'outbox' | 'renderers'>): AutomationAction<NotifyParams>[] {
  const notify = notifier(deps);
  return [
    {
      type: 'notify_owner',
      params,
      describe: (p) => `在聊天里通知负责人：${p.text}`,
      async run(p, context) {
        const owner = await Staff.findOne({ tenantId: context.tenantId, _id: context.customer.ownerId, active: true }, STAFF_FIELDS).lean();
        if (!owner) throw new Conflict('负责人已离职或不存在，未通知');
        return `已通知 ${(await notify(context, [owner], p.text)).join('、')}`;
      },
    },
    {
      type: 'notify_manager',
      params,
      describe: (p) => `在聊天里通知负责人的主管：${p.text}`,
      async run(p, context) {
        const owner = await Staff.findOne({ tenantId: context.tenantId, _id: context.customer.ownerId }, STAFF_FIELDS).lean();
        const managers = owner?.departments.length
          ? await Staff.find({ tenantId: context.tenantId, role: 'manager', active: true, departments: { $in: owner.departments } }, STAFF_FIELDS).sort({ _id: 1 }).lean()
          : [];
        if (managers.length === 0) throw new Conflict('负责人的部门没有在职主管，未通知');
        return `已通知 ${(await notify(context, managers, p.text)).join('、')}`;
      },
    },
  ];
}
