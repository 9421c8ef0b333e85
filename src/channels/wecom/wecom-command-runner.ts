import type { CommandPayload } from '../../inbox/inbound-event.js';
import { createCommandRunnerSlot, type CommandRunner } from '../shared/command-runner-slot.js';

/** Runs the lines staff type into the app's conversation; the command layer installs it. */
export type WecomCommandRunner = CommandRunner<CommandPayload>;

const slot = createCommandRunnerSlot<CommandPayload>('ChatCRM 可用命令：');

export const setWecomCommandRunner = slot.set;
export const currentWecomCommandRunner = slot.current;
