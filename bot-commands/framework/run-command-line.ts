import { Forbidden } from '../../src/errors.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { AmbiguousReference } from './ambiguous-reference.js';
import { bindArguments } from './bind-arguments.js';
import { closestMatches } from './closest-matches.js';
import { displayName } from './command-registry.js';
import type { CommandContext, CommandRegistry } from './command-spec.js';
import { hasNonAscii } from './fold-width.js';
import { parseCommandLine, type CommandLine } from './parse-command-line.js';
import { replaceReference } from './replace-reference.js';
import { replyForError } from './reply-for-error.js';
import { tr, type ReplyLanguage } from './reply-language.js';
import { isPermitted, permissionLabel, renderHelpIndex } from './render-help.js';

export type CommandStatus = 'ok' | 'not_command' | 'unknown_command' | 'rejected' | 'failed';

export interface CommandOutcome {
  status: CommandStatus;
  /** Canonical name of the command that ran or was refused. */
  command?: string;
  reply: MessageBody;
  /**
   * The reply is a numbered list to choose from: `choices[i]` is the command line that item
   * i + 1 stands for, for the caller to keep so a bare "1" sent next runs it.
   */
  choices?: string[];
}

export interface RunOptions {
  botNames?: readonly string[];
  /** Called with errors that are our fault; the reply carries only `ref`. */
  onInternalError?: (err: unknown, ref: string, command: string | undefined) => void;
}

/** What runCommandLine needs: the context without what it works out itself. */
export type RunContext<S> = Omit<CommandContext<S>, 'commands' | 'lang'> & {
  /** The staff member's chosen reply language; unset, the language of the command word is used. */
  language?: ReplyLanguage;
};

function suggestionText<S>(registry: CommandRegistry<S>, typed: string, lang: ReplyLanguage): string {
  const found = registry.suggest(typed);
  if (found.length === 0) return '';
  return tr(
    lang,
    `你是不是想用 ${found.map((s) => `/${displayName(s)}（/${s.name}）`).join('、')}？`,
    `Did you mean ${found.map((s) => `/${s.name}`).join(', ')}?`,
  );
}

/** The language of a line that is not a known command: Chinese when it has any Chinese in it. */
function languageOfText(text: string, preferred: ReplyLanguage | undefined): ReplyLanguage {
  return preferred ?? (hasNonAscii(text) ? 'zh' : 'en');
}

/**
 * English when the command word is English and so is something after it: `/remind 张三
 * tomorrow 9am send quote`. `/customer 张三`, `/todo` and `/help log` (a bare command word, a
 * Chinese name, a code, a command name) are how Chinese speakers type too: Chinese.
 */
function lineLanguage<S>(registry: CommandRegistry<S>, line: CommandLine): ReplyLanguage {
  if (registry.languageOf(line.name) !== 'en') return 'zh';
  const words = line.args.flatMap((a) => a.value.split(/[^A-Za-z]+/)).filter((w) => w.length >= 2);
  return words.some((w) => !registry.knownNames.has(w.toLowerCase()) && !/^c\d+$/i.test(w)) ? 'en' : 'zh';
}

/**
 * Parse → find → permission → bind arguments → handler → reply. Never throws: every failure
 * becomes a reply through replyForError. A rejected command has written nothing, because
 * handlers validate everything before their first write.
 */
export async function runCommandLine<S>(
  text: string,
  runCtx: RunContext<S>,
  registry: CommandRegistry<S>,
  options: RunOptions = {},
): Promise<CommandOutcome> {
  const { language, ...ctx } = runCtx;
  const parsed = parseCommandLine(text, { knownNames: registry.knownNames, botNames: options.botNames });
  if (parsed.kind === 'empty') {
    return { status: 'not_command', reply: renderHelpIndex(registry, ctx.actor, language ?? 'zh') };
  }
  if (parsed.kind === 'text') {
    const lang = languageOfText(parsed.text, language);
    const firstWord = parsed.text.split(/[\s,，:：]+/)[0] ?? '';
    const hint = suggestionText(registry, firstWord, lang);
    return {
      status: 'not_command',
      reply: { type: 'text', text: `${hint ? `${hint}\n` : ''}${tr(lang, '命令以 / 开头，发送 /帮助 查看全部命令。', 'Commands start with /; send /help to see them all.')}` },
    };
  }
  const line = parsed.command;
  if (line.name === '') return { status: 'not_command', reply: renderHelpIndex(registry, ctx.actor, language ?? 'zh') };
  const spec = registry.find(line.name);
  if (!spec) {
    // "/custmer 张三" is Chinese; "/remnd tomorrow 9am" is English when it is near an English name.
    const near = closestMatches(line.name, registry.knownNames, 1)[0];
    const lang = language ?? (hasNonAscii(line.text) || near === undefined ? 'zh' : registry.languageOf(near));
    const hint = suggestionText(registry, line.name, lang);
    return {
      status: 'unknown_command',
      reply: {
        type: 'text',
        text: tr(lang, `没有 /${line.name} 这个命令。${hint}\n发送 /帮助 查看全部命令。`, `There is no /${line.name} command. ${hint}\nSend /help to see them all.`),
      },
    };
  }
  const lang = language ?? lineLanguage(registry, line);
  try {
    if (!isPermitted(spec.permission, ctx.actor)) {
      throw new Forbidden(
        tr(lang, `/${displayName(spec)} 仅限${permissionLabel(spec.permission, lang)}使用。`, `/${spec.name} is for ${permissionLabel(spec.permission, lang)} only.`),
      );
    }
    const args = bindArguments(spec, line, lang);
    const reply = await spec.handler({ ...ctx, lang, commands: registry }, { args, line });
    return { status: 'ok', command: spec.name, reply };
  } catch (err) {
    const { reply, internalRef } = replyForError(err, lang);
    if (internalRef !== undefined) {
      options.onInternalError?.(err, internalRef, spec.name);
      return { status: 'failed', command: spec.name, reply };
    }
    if (err instanceof AmbiguousReference) {
      const choices = err.choices.map((c) => replaceReference(line, err.reference, c));
      if (choices.length > 0 && choices.every((c): c is string => c !== null)) return { status: 'rejected', command: spec.name, reply, choices };
    }
    return { status: 'rejected', command: spec.name, reply };
  }
}
