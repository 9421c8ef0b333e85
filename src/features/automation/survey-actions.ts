import { z } from 'zod';
import type { AppDeps } from '../../app/app-module.js';
import { systemActor } from '../../crm/actor.js';
import type { AutomationAction } from '../../crm/automation/automation-actions.js';
import { Staff } from '../../crm/models/staff.js';
import { createSurveyInvitation } from '../../crm/surveys/create-survey-invitation.js';
import { surveyLinkSignerFromConfig } from '../../crm/surveys/survey-link-signer.js';
import { Conflict } from '../../errors.js';
import { notifier } from './notify-actions.js';

const params = z.object({ templateKey: z.string().trim().min(1).max(60) }).strict();

/**
 * 发满意度调查: a signed link for the customer, sent to the owner to forward (the client hears
 * from a person they know, never from a bot). The invitation is made once per run: a redelivery
 * forwards the same link.
 */
export function surveyActions(deps: Pick<AppDeps, 'config' | 'outbox' | 'renderers'>): AutomationAction<z.infer<typeof params>>[] {
  const signer = surveyLinkSignerFromConfig(deps.config);
  const notify = notifier(deps);
  return [
    {
      type: 'send_survey',
      params,
      purpose: 'survey',
      describe: (p) => `生成问卷「${p.templateKey}」链接，发给负责人转给客户`,
      async run(p, context) {
        const owner = await Staff.findOne({ tenantId: context.tenantId, _id: context.customer.ownerId, active: true }, { userId: 1, name: 1, dingtalkUserId: 1, feishuOpenId: 1, slackUserId: 1 }).lean();
        if (!owner) throw new Conflict('负责人已离职或不存在，未发送问卷');
        const url = await context.remember(async () => {
          const actor = { ...systemActor(context.tenantId, 'automation'), name: `自动化规则「${context.rule.name}」` };
          return (await createSurveyInvitation(actor, { customerId: String(context.customer._id), templateKey: p.templateKey }, { signer, baseUrl: deps.config.PUBLIC_BASE_URL, now: context.now })).url;
        });
        await notify(context, [owner], `请把这份满意度调查转发给客户：${url}`);
        return `问卷链接已发给 ${owner.name}`;
      },
    },
  ];
}
