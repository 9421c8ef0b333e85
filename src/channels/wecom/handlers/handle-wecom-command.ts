import { z } from 'zod';
import type { InboxHandler } from '../../../inbox/inbox-handlers.js';
import type { CommandPayload } from '../../../inbox/inbound-event.js';
import type { StoredInboxEvent } from '../../../inbox/inbox-event-model.js';
import { PermanentHandlerError } from '../../../inbox/permanent-handler-error.js';
import { enqueueOutbound } from '../../../outbox/enqueue-outbound.js';
import { resolveWecomStaff } from '../resolve-wecom-staff.js';
import { currentWecomCommandRunner } from '../wecom-command-runner.js';
import type { WecomHandlerDeps } from './handler-deps.js';

const payloadSchema = z.looseObject({
  text: z.string().max(4096),
  msgId: z.string().min(1).max(64).optional(),
  replyTo: z.looseObject({ type: z.literal('user'), platformUserId: z.string().min(1).max(128) }),
});

export const DEACTIVATED_TEXT = '你的 ChatCRM 账号已停用，暂时不能使用命令。如有疑问请联系管理员。';

/**
 * A staff member's text to the app: run it as a command and queue the answer (message/send, so
 * markdown works). Only members can message the app, so unknown senders get a Staff record from
 * user/get. Idempotent: the reply's dedupe key derives from the MsgId.
 */
export function handleWecomCommand(deps: WecomHandlerDeps): InboxHandler<CommandPayload> {
  return async (event: StoredInboxEvent<CommandPayload>) => {
    if (event.tenantId !== String(deps.tenantId)) throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
    const parsed = payloadSchema.safeParse(event.payload);
    if (!parsed.success) throw new PermanentHandlerError('malformed WeCom command payload');
    const { text, replyTo } = parsed.data;
    const staff = (await resolveWecomStaff(deps.tenantId, [replyTo.platformUserId], deps.client())).get(replyTo.platformUserId);
    const body = !staff
      ? null
      : !staff.active
        ? ({ type: 'text', text: DEACTIVATED_TEXT } as const)
        : await currentWecomCommandRunner()({ tenantId: deps.tenantId, staff, text, event });
    if (!body) return;
    await enqueueOutbound({
      tenantId: event.tenantId,
      platform: 'wecom',
      to: { type: 'user', platformUserId: replyTo.platformUserId },
      body,
      dedupeKey: `wecom:reply:${parsed.data.msgId ?? event.dedupeKey}`,
    });
  };
}
