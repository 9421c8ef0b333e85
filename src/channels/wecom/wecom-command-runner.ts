import type { Types } from 'mongoose';
import type { StaffDoc } from '../../crm/models/staff.js';
import type { StoredInboxEvent } from '../../inbox/inbox-event-model.js';
import type { CommandPayload } from '../../inbox/inbound-event.js';
import type { MessageBody } from '../../outbox/outbound-message.js';

/**
 * What runs a command line a staff member typed into the app's conversation. The channel finds
 * the person and delivers the reply; the command layer installs its runner with
 * {@link setWecomCommandRunner} (from its module's `register`). Until then: a short help text.
 */
export type WecomCommandRunner = (input: {
  tenantId: Types.ObjectId;
  staff: StaffDoc;
  text: string;
  event: StoredInboxEvent<CommandPayload>;
}) => Promise<MessageBody | null>;

export const WECOM_HELP_TEXT = [
  'ChatCRM 可用命令：',
  '/客户 <名称>  查客户',
  '/跟进 <客户> <内容>  记跟进',
  '/待办  我的待办',
  '/阶段 <客户> <阶段>  改阶段',
  '/提醒 <客户> <时间> <内容>',
  '/标签 <客户> +标签',
  '/报表  团队报表',
  '/帮助  查看帮助',
].join('\n');

const helpRunner: WecomCommandRunner = async () => ({ type: 'text', text: WECOM_HELP_TEXT });

let runner: WecomCommandRunner = helpRunner;

/** Installs the command runner; returns a function restoring the previous one. */
export function setWecomCommandRunner(next: WecomCommandRunner): () => void {
  const previous = runner;
  runner = next;
  return () => {
    runner = previous;
  };
}

export function currentWecomCommandRunner(): WecomCommandRunner {
  return runner;
}
