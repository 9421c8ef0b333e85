import type { Types } from 'mongoose';
import { commandRegistry, crmServices, runCommandLine, type CommandActor, type CommandOutcome } from '../../../bot-commands/index.js';
import type { StaffDoc } from '../../crm/models/staff.js';
import type { HandoverTransfer } from '../../crm/handover/handover-transfer.js';
import { runHandover } from '../../crm/handover/run-handover.js';
import type { SurveyLinkOptions } from '../../crm/surveys/create-survey-invitation.js';
import { Tenant } from '../../crm/models/tenant.js';
import { resolveAccess } from '../../crm/permissions/resolve-access.js';
import type { MessageRenderers } from '../../messaging/message-renderers.js';
import type { Platform } from '../../messaging/platform.js';
import type { Logger } from '../../logger.js';
import type { MessageBody } from '../../messaging/outbound-message.js';
import { CommandRun } from './command-run-model.js';
import { answerChoice, keepChoices } from './pending-choices.js';

export interface CommandRuntimeOptions {
  logger: Logger;
  defaultTimeZone: string;
  /** Replies are rendered by the platform the command came from. */
  renderers: Pick<MessageRenderers, 'for'>;
  /** Absolute link to a customer's record, when the deployment has a public URL. */
  customerLink?: (customerId: string) => string | undefined;
  /** Signs client survey links for `/问卷`. */
  surveyLinks?: SurveyLinkOptions;
  /** The chat platform's side of `/交接` (WeCom 客户继承), when a channel registered one. */
  handoverTransfer?: () => HandoverTransfer | undefined;
  now?: () => Date;
}

export interface StaffCommand {
  tenantId: Types.ObjectId;
  platform: Platform;
  staff: StaffDoc;
  platformUserId: string;
  text: string;
  /** The inbox event's dedupeKey: a command runs once per key. */
  eventKey: string;
  receivedAt: Date;
}

const DUPLICATE_KEY = 11000;

type StoredRun = { status: string; command?: string | null; reply: unknown };

/** A stored run as the outcome it recorded. */
function outcomeOf(run: StoredRun): CommandOutcome {
  return { status: run.status as CommandOutcome['status'], command: run.command ?? undefined, reply: run.reply as MessageBody };
}

/**
 * Runs one command line as a known staff member, in the tenant's time zone, with audit source
 * `command` — at most once per event key (see CommandRun). Platform-neutral: every channel's
 * command handler ends here.
 */
export async function runCommandForStaff(input: StaffCommand, options: CommandRuntimeOptions): Promise<CommandOutcome> {
  const now = options.now ?? (() => new Date());
  const previous = await CommandRun.findOne({ tenantId: input.tenantId, eventKey: input.eventKey }).lean();
  if (previous) return outcomeOf(previous);

  const tenant = await Tenant.findById(input.tenantId, { timezone: 1 }).lean();
  const actor: CommandActor = {
    tenantId: input.tenantId,
    staffId: input.staff._id,
    role: input.staff.role,
    departments: input.staff.departments,
    source: 'command',
    name: input.staff.name,
    access: await resolveAccess(input.staff),
    platformUserId: input.platformUserId,
  };
  const log = options.logger.child({ eventKey: input.eventKey, platform: input.platform });
  const language = input.staff.language ?? undefined;
  // A bare "1" answers the last numbered list sent to this person: the line it stands for runs.
  const choice = await answerChoice({ tenantId: input.tenantId, staffId: input.staff._id, text: input.text, now: now(), language });
  if (choice.kind === 'reply') return record(input, options, { status: 'not_command', reply: choice.reply }, log);
  const text = choice.kind === 'line' ? choice.line : input.text;
  const outcome = await runCommandLine(
    text,
    {
      actor,
      platform: input.platform,
      tenantTimeZone: tenant?.timezone ?? options.defaultTimeZone,
      now: now(),
      services: options.handoverTransfer ? { ...crmServices, runHandover: (a, raw) => runHandover(a, raw, options.handoverTransfer?.()) } : crmServices,
      renderer: options.renderers.for(input.platform),
      idempotencyKey: input.eventKey,
      ...(language ? { language } : {}),
      ...(options.customerLink ? { customerLink: options.customerLink } : {}),
      ...(options.surveyLinks ? { surveyLinks: options.surveyLinks } : {}),
    },
    commandRegistry,
    { onInternalError: (err, ref, command) => log.error({ err, ref, command }, 'command failed') },
  );
  const recorded = await record(input, options, outcome, log);
  if (choice.kind === 'line') await choice.release();
  if (outcome.choices) await keepChoices({ tenantId: input.tenantId, staffId: input.staff._id, eventKey: input.eventKey, options: outcome.choices, now: now() });
  return recorded;
}

/** Stores the run under its event key (a concurrent delivery that finished first wins) and logs it. */
async function record(input: StaffCommand, options: CommandRuntimeOptions, outcome: CommandOutcome, log: Logger): Promise<CommandOutcome> {
  const now = options.now ?? (() => new Date());
  try {
    await CommandRun.create({
      tenantId: input.tenantId,
      eventKey: input.eventKey,
      staffId: input.staff._id,
      command: outcome.command ?? null,
      status: outcome.status,
      reply: outcome.reply,
      receivedAt: input.receivedAt,
      answeredAt: now(),
    });
  } catch (error) {
    // A concurrent delivery of the same event finished first: answer with its reply.
    if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    const winner = await CommandRun.findOne({ tenantId: input.tenantId, eventKey: input.eventKey }).lean();
    if (winner) return outcomeOf(winner);
  }
  log.info({ command: outcome.command, status: outcome.status, latencyMs: now().getTime() - input.receivedAt.getTime() }, 'command ran');
  return outcome;
}
