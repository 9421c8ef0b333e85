import type { PermissionAction, PermissionModule } from '../../src/crm/permissions/catalogue.js';
import type { Actor, Role } from '../../src/crm/actor.js';
import type { SurveyLinkOptions } from '../../src/crm/surveys/create-survey-invitation.js';
import type { Platform } from '../../src/messaging/platform.js';
import type { MessageRenderer } from '../../src/messaging/message-renderer.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import type { CommandLine } from './parse-command-line.js';
import type { ReplyLanguage } from './reply-language.js';

export interface ArgSpec<N extends string = string> {
  /** Key in `CommandInput.args`. */
  name: N;
  /** Shown in usage lines: `/跟进 <客户> <内容>`. */
  label: string;
  /** The label in English usage lines: `/log <customer> <note>`. */
  labelEn?: string;
  required: boolean;
  /** Takes the raw rest of the line (spacing and punctuation kept); only the last argument may. */
  rest?: boolean;
}

/** Who may run a command: everyone known as staff, or the listed roles. */
/** Who may run a command: everyone, some built-in roles, or whoever's groups grant a module's action. */
export type Permission = 'everyone' | readonly Role[] | { module: PermissionModule; action: PermissionAction };

/** The person running a command: a crm Actor that is always a staff member. */
export interface CommandActor extends Actor {
  staffId: NonNullable<Actor['staffId']>;
  name: string;
  platformUserId: string;
}

export interface CommandContext<S = unknown> {
  actor: CommandActor;
  platform: Platform;
  /** IANA zone of the tenant; dates the user types are read in it. */
  tenantTimeZone: string;
  now: Date;
  services: S;
  /** How the platform the command came from renders documents (a digest reply). */
  renderer: MessageRenderer;
  /** Builds an absolute link to a customer's record, when the deployment has a public URL. */
  customerLink?: (customerId: string) => string | undefined;
  /** The registry the command was found in (for /help). */
  commands: CommandRegistry<S>;
  /**
   * The language to answer in: the staff member's chosen one when set, else the language of the
   * command word (`/remind` → English; `/提醒`, `/tixing` → Chinese).
   */
  lang: ReplyLanguage;
  /** Signs client survey links (`/问卷`); absent where the deployment does not offer them. */
  surveyLinks?: SurveyLinkOptions;
  /** Unique per delivered message: writes keyed on it are not repeated when the message is redelivered. */
  idempotencyKey?: string;
}

export interface CommandInput<N extends string = string> {
  /** Bound arguments by name; an optional argument that was not given is ''. */
  args: Readonly<Record<N, string>>;
  line: CommandLine;
}

export interface CommandSpec<N extends string = string, S = unknown> {
  /** Canonical English name, lower case: `log`. */
  name: string;
  /** Chinese first (the first Chinese alias is the display name), then English alternatives. */
  aliases: readonly string[];
  /**
   * Pinyin and initials of the Chinese names (`kehu`, `kh`): typed by people who think in
   * Chinese on a keyboard without an IME at hand, so they are answered in Chinese.
   */
  pinyin?: readonly string[];
  /** One line for the /help index. */
  summary: string;
  /** The summary, usage and help for English replies (`/help` sent as `/help`); the Chinese ones stand in when unset. */
  en?: { summary: string; usage?: string; help?: string };
  args: readonly ArgSpec<N>[];
  /** Usage line when the argument list alone would mislead (`/提醒 <客户> <时间> <内容>`); generated otherwise. */
  usage?: string;
  permission: Permission;
  /** Longer help for `/help <command>`. */
  help: string;
  examples: readonly string[];
  handler: (ctx: CommandContext<S>, input: CommandInput<N>) => Promise<MessageBody>;
}

/** Keeps the argument names of a spec as a literal union, so handlers read `input.args.customer` type-safely. */
export function defineCommand<const N extends string, S>(spec: CommandSpec<N, S>): CommandSpec<N, S> {
  return spec;
}

export interface CommandRegistry<S = unknown> {
  readonly specs: readonly CommandSpec<string, S>[];
  /** Every name and alias, width-folded and lower-cased, for the parser. */
  readonly knownNames: ReadonlySet<string>;
  find(name: string): CommandSpec<string, S> | undefined;
  /** The language a command word is in: English for the English name and aliases, Chinese for the rest. */
  languageOf(name: string): ReplyLanguage;
  /** "Did you mean": commands whose name or an alias is close to what was typed. */
  suggest(typed: string): CommandSpec<string, S>[];
}
