import { Forbidden } from '../../src/errors.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { bindArguments } from './bind-arguments.js';
import { displayName } from './command-registry.js';
import type { CommandContext, CommandRegistry } from './command-spec.js';
import { parseCommandLine } from './parse-command-line.js';
import { replyForError } from './reply-for-error.js';
import { isPermitted, permissionLabel, renderHelpIndex } from './render-help.js';

export type CommandStatus = 'ok' | 'not_command' | 'unknown_command' | 'rejected' | 'failed';

export interface CommandOutcome {
  status: CommandStatus;
  /** Canonical name of the command that ran or was refused. */
  command?: string;
  reply: MessageBody;
}

export interface RunOptions {
  botNames?: readonly string[];
  /** Called with errors that are our fault; the reply carries only `ref`. */
  onInternalError?: (err: unknown, ref: string, command: string | undefined) => void;
}

function suggestionText<S>(registry: CommandRegistry<S>, typed: string): string {
  const found = registry.suggest(typed);
  if (found.length === 0) return '';
  return `你是不是想用 ${found.map((s) => `/${displayName(s)}（/${s.name}）`).join('、')}？`;
}

/**
 * Parse → find → permission → bind arguments → handler → reply. Never throws: every failure
 * becomes a reply through replyForError. A rejected command has written nothing, because
 * handlers validate everything before their first write.
 */
export async function runCommandLine<S>(
  text: string,
  ctx: Omit<CommandContext<S>, 'commands'>,
  registry: CommandRegistry<S>,
  options: RunOptions = {},
): Promise<CommandOutcome> {
  const parsed = parseCommandLine(text, { knownNames: registry.knownNames, botNames: options.botNames });
  if (parsed.kind === 'empty') {
    return { status: 'not_command', reply: renderHelpIndex(registry, ctx.actor.role) };
  }
  if (parsed.kind === 'text') {
    const firstWord = parsed.text.split(/[\s,，:：]+/)[0] ?? '';
    const hint = suggestionText(registry, firstWord);
    return {
      status: 'not_command',
      reply: { type: 'text', text: `${hint ? `${hint}\n` : ''}命令以 / 开头，发送 /帮助 查看全部命令。` },
    };
  }
  const line = parsed.command;
  if (line.name === '') return { status: 'not_command', reply: renderHelpIndex(registry, ctx.actor.role) };
  const spec = registry.find(line.name);
  if (!spec) {
    const hint = suggestionText(registry, line.name);
    return {
      status: 'unknown_command',
      reply: { type: 'text', text: `没有 /${line.name} 这个命令。${hint}\n发送 /帮助 查看全部命令。` },
    };
  }
  try {
    if (!isPermitted(spec.permission, ctx.actor.role)) {
      throw new Forbidden(`/${displayName(spec)} 仅限${permissionLabel(spec.permission)}使用。`);
    }
    const args = bindArguments(spec, line);
    const reply = await spec.handler({ ...ctx, commands: registry }, { args, line });
    return { status: 'ok', command: spec.name, reply };
  } catch (err) {
    const { reply, internalRef } = replyForError(err);
    if (internalRef !== undefined) {
      options.onInternalError?.(err, internalRef, spec.name);
      return { status: 'failed', command: spec.name, reply };
    }
    return { status: 'rejected', command: spec.name, reply };
  }
}
