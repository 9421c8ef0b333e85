import { createCommandRunnerSlot, type CommandRunner } from '../shared/command-runner-slot.js';
import type { DingTalkCommandPayload } from './normalize-robot-message.js';

/** Runs robot command lines once the DingTalk sender is known as staff; the command layer installs it. */
export type DingTalkCommandRunner = CommandRunner<DingTalkCommandPayload>;

const slot = createCommandRunnerSlot<DingTalkCommandPayload>('ChatCRM 机器人可用命令：');

export const setDingTalkCommandRunner = slot.set;
export const currentDingTalkCommandRunner = slot.current;
