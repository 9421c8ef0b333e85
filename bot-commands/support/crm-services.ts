import { listActivities } from '../../src/crm/activities/list-activities.js';
import { logFollowUp } from '../../src/crm/activities/log-follow-up.js';
import { assignOwner } from '../../src/crm/customers/assign-owner.js';
import { changeStage } from '../../src/crm/customers/change-stage.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { findCustomerByCode } from '../../src/crm/customers/find-customer-by-code.js';
import { findSameNameCustomers } from '../../src/crm/customers/find-same-name-customers.js';
import { toCustomerView } from '../../src/crm/customers/customer-view.js';
import { listCustomerNamesInScope } from '../../src/crm/customers/list-customer-names-in-scope.js';
import { searchCustomers } from '../../src/crm/customers/search-customers.js';
import { updateTags } from '../../src/crm/customers/update-tags.js';
import { teamFacts, tenantFacts } from '../../src/crm/digests/digest-facts.js';
import { createReminder } from '../../src/crm/reminders/create-reminder.js';
import { listReminders } from '../../src/crm/reminders/list-reminders.js';
import { visibleStaffIds } from '../../src/crm/resolve-data-scope.js';
import { staffNamesById } from '../../src/crm/staff/staff-names-by-id.js';
import { getTenantStages } from '../../src/crm/tenants/get-tenant.js';
import { createDeal } from '../../src/crm/deals/create-deal.js';
import { listDeals } from '../../src/crm/deals/list-deals.js';
import { forecastForActor } from '../../src/crm/deals/forecast-for-actor.js';
import { latestValidQuote } from '../../src/crm/deals/list-quotes.js';
import { getSalesSettings } from '../../src/crm/deals/sales-settings.js';
import { findContractByNumber } from '../../src/crm/contracts/find-contract-by-number.js';
import { listContracts } from '../../src/crm/contracts/list-contracts.js';
import { decideContractApproval } from '../../src/crm/contracts/decide-contract-approval.js';
import { recordPayment } from '../../src/crm/contracts/record-payment.js';
import { setStaffLanguage } from '../../src/crm/staff/set-staff-language.js';
import { createSurveyInvitation } from '../../src/crm/surveys/create-survey-invitation.js';
import { listSurveyTemplates } from '../../src/crm/surveys/list-survey-templates.js';
import { changeTicketStatus } from '../../src/crm/tickets/change-ticket-status.js';
import { createTicket } from '../../src/crm/tickets/create-ticket.js';
import { findTicketByNumber } from '../../src/crm/tickets/find-ticket-in-scope.js';
import { listOpenTicketsOfCustomer, listTickets } from '../../src/crm/tickets/list-tickets.js';
import { predictCustomerChurn } from '../../src/crm/predictions/predict-for-actor.js';
import { runHandover } from '../../src/crm/handover/run-handover.js';
import type { CommandContext } from '../framework/command-spec.js';

/**
 * The domain services the commands run on. Handlers reach them through `ctx.services`, so a
 * command file names what it needs from the CRM and nothing about where a message came from.
 */
export const crmServices = {
  searchCustomers,
  findCustomerByCode,
  listCustomerNamesInScope,
  createCustomer,
  findSameNameCustomers,
  toCustomerView,
  logFollowUp,
  listActivities,
  changeStage,
  updateTags,
  assignOwner,
  createReminder,
  listReminders,
  getTenantStages,
  visibleStaffIds,
  staffNamesById,
  teamFacts,
  tenantFacts,
  createDeal,
  listDeals,
  getSalesSettings,
  findContractByNumber,
  listContracts,
  recordPayment,
  forecastForActor,
  latestValidQuote,
  decideContractApproval,
  setStaffLanguage,
  createSurveyInvitation,
  listSurveyTemplates,
  createTicket,
  listTickets,
  listOpenTicketsOfCustomer,
  findTicketByNumber,
  changeTicketStatus,
  predictCustomerChurn,
  runHandover,
};

export type CrmServices = typeof crmServices;
export type CrmCommandContext = CommandContext<CrmServices>;
