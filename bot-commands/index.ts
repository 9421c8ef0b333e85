import { approveCommand } from './approve.js';
import { assignCommand } from './assign.js';
import { contractCommand } from './contract.js';
import { customerCommand } from './customer.js';
import { dealCommand } from './deal.js';
import { digestCommand } from './digest.js';
import { createCommandRegistry } from './framework/command-registry.js';
import { forecastCommand } from './forecast.js';
import { handoverCommand } from './handover.js';
import { helpCommand } from './help.js';
import { languageCommand } from './language.js';
import { logCommand } from './log.js';
import { newCommand } from './new.js';
import { paymentCommand } from './payment.js';
import { quoteCommand } from './quote.js';
import { remindCommand } from './remind.js';
import { reportCommand } from './report.js';
import { resolveCommand } from './resolve.js';
import { stageCommand } from './stage.js';
import { surveyCommand } from './survey.js';
import { tagCommand } from './tag.js';
import { ticketCommand } from './ticket.js';
import { todoCommand } from './todo.js';
import type { CrmServices } from './support/crm-services.js';

/** Every chat command, in /help order. Adding a command: one file, one line here. */
export const commandRegistry = createCommandRegistry<CrmServices>([
  helpCommand,
  customerCommand,
  newCommand,
  logCommand,
  stageCommand,
  todoCommand,
  remindCommand,
  tagCommand,
  assignCommand,
  dealCommand,
  quoteCommand,
  contractCommand,
  paymentCommand,
  approveCommand,
  forecastCommand,
  reportCommand,
  digestCommand,
  languageCommand,
  surveyCommand,
  ticketCommand,
  resolveCommand,
  handoverCommand,
]);

export { crmServices, type CrmServices, type CrmCommandContext } from './support/crm-services.js';
export { runCommandLine, type CommandOutcome, type CommandStatus } from './framework/run-command-line.js';
export type { CommandActor, CommandContext } from './framework/command-spec.js';
