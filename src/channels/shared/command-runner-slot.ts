import type { Types } from 'mongoose';
import type { StaffDoc } from '../../crm/models/staff.js';
import type { StoredInboxEvent } from '../../inbox/inbox-event-model.js';
import type { CommandPayload } from '../../inbox/inbound-event.js';
import type { MessageBody } from '../../outbox/outbound-message.js';

/**
 * What runs a command line once a channel knows the sender as staff. Channels find the person and
 * deliver the reply; the command layer installs the runner (channels import no command code).
 */
export type CommandRunner<P extends CommandPayload = CommandPayload> = (input: {
  tenantId: Types.ObjectId;
  staff: StaffDoc;
  text: string;
  event: StoredInboxEvent<P>;
}) => Promise<MessageBody | null>;

/** Shown while no command runner is installed (the commands module is not part of this build). */
export const FALLBACK_HELP_LINES = [
  '/客户 <名称>  查客户',
  '/跟进 <客户> <内容>  记跟进',
  '/待办  我的待办',
  '/阶段 <客户> <阶段>  改阶段',
  '/提醒 <客户> <时间> <内容>',
  '/标签 <客户> +标签',
  '/报表  团队报表',
  '/帮助  查看帮助',
];

export interface CommandRunnerSlot<P extends CommandPayload> {
  /** Installs a runner; returns a function restoring the previous one. */
  set(next: CommandRunner<P>): () => void;
  current(): CommandRunner<P>;
}

export function createCommandRunnerSlot<P extends CommandPayload>(helpTitle: string): CommandRunnerSlot<P> {
  const helpText = [helpTitle, ...FALLBACK_HELP_LINES].join('\n');
  let runner: CommandRunner<P> = async () => ({ type: 'text', text: helpText });
  return {
    set(next) {
      const previous = runner;
      runner = next;
      return () => {
        runner = previous;
      };
    },
    current: () => runner,
  };
}
