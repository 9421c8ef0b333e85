import type { Types } from 'mongoose';
import type { StaffDoc } from '../../crm/models/staff.js';
import type { StoredInboxEvent } from '../../inbox/inbox-event-model.js';
import type { MessageBody } from '../../outbox/outbound-message.js';
import type { DingTalkCommandPayload } from './normalize-robot-message.js';

/**
 * What runs a command line once the DingTalk sender is known as staff. The channel resolves the
 * person and delivers the reply; the command layer plugs its runner in here with
 * {@link setDingTalkCommandRunner} (one call from its module's `register`). Until then every
 * command gets a short help text.
 */
export type DingTalkCommandRunner = (input: {
  tenantId: Types.ObjectId;
  staff: StaffDoc;
  text: string;
  event: StoredInboxEvent<DingTalkCommandPayload>;
}) => Promise<MessageBody | null>;

export const DINGTALK_HELP_TEXT = [
  'ChatCRM 机器人可用命令：',
  '/客户 <名称>  查客户',
  '/跟进 <客户> <内容>  记跟进',
  '/待办  我的待办',
  '/阶段 <客户> <阶段>  改阶段',
  '/提醒 <客户> <时间> <内容>',
  '/标签 <客户> +标签',
  '/报表  团队报表',
  '/帮助  查看帮助',
].join('\n');

const helpRunner: DingTalkCommandRunner = async () => ({ type: 'text', text: DINGTALK_HELP_TEXT });

let runner: DingTalkCommandRunner = helpRunner;

/** Installs the command runner; returns a function restoring the previous one. */
export function setDingTalkCommandRunner(next: DingTalkCommandRunner): () => void {
  const previous = runner;
  runner = next;
  return () => {
    runner = previous;
  };
}

export function currentDingTalkCommandRunner(): DingTalkCommandRunner {
  return runner;
}
