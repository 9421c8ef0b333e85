import { automationModule } from '../features/automation/automation-module.js';
import { careCyclesModule } from '../features/care-cycles/care-cycles-module.js';
import { statisticsModule } from '../features/statistics/statistics-module.js';
import { orgModule } from '../features/org/org-module.js';
import { backupModule } from '../features/backup/backup-module.js';
import { auditModule } from '../features/audit/audit-module.js';
import { dingtalkModule } from '../channels/dingtalk/dingtalk-module.js';
import { duplicatesModule } from '../features/duplicates/duplicates-module.js';
import { domainEventsModule } from '../features/domain-events/domain-events-module.js';
import { exportsModule } from '../features/exports/exports-module.js';
import { feishuModule } from '../channels/feishu/feishu-module.js';
import { slackModule } from '../channels/slack/slack-module.js';
import { wecomModule } from '../channels/wecom/wecom-module.js';
import { devAuthModule } from '../features/auth/dev-auth-module.js';
import { meModule } from '../features/auth/me-module.js';
import { cardActionsModule } from '../features/card-actions/card-actions-module.js';
import { commandsModule } from '../features/commands/commands-module.js';
import { contactsModule } from '../features/contacts/contacts-module.js';
import { customersModule } from '../features/customers/customers-module.js';
import { dealsModule } from '../features/deals/deals-module.js';
import { dashboardModule } from '../features/dashboard/dashboard-module.js';
import { digestsModule } from '../features/digests/digests-module.js';
import { staffAdminModule } from '../features/staff-admin/staff-admin-module.js';
import { healthModule } from '../features/health/health-module.js';
import { importsModule } from '../features/imports/imports-module.js';
import { customFieldsModule } from '../features/custom-fields/custom-fields-module.js';
import { customerQueryModule } from '../features/customer-query/customer-query-module.js';
import { viewsModule } from '../features/views/views-module.js';
import { queueAdminModule } from '../features/queue-admin/queue-admin-module.js';
import { remindersModule } from '../features/reminders/reminders-module.js';
import { sidebarStaticModule } from '../features/sidebar/sidebar-module.js';
import { surveysModule } from '../features/surveys/surveys-module.js';
import { ticketsModule } from '../features/tickets/tickets-module.js';
import { segmentsModule } from '../features/segments/segments-module.js';
import { predictionsModule } from '../features/predictions/predictions-module.js';
import { handoverModule } from '../features/handover/handover-module.js';
import { permissionsModule } from '../features/permissions/permissions-module.js';
import { settingsModule } from '../features/settings/settings-module.js';
import type { HandledEventKind } from '../messaging/inbound-event.js';
import type { AppModule } from './app-module.js';

/**
 * Every feature of the service, in mount order. A new feature is one module file beside its code
 * plus one line here.
 */
const modules = [
  healthModule,
  queueAdminModule,
  domainEventsModule,
  devAuthModule,
  meModule,
  customersModule,
  dealsModule,
  contactsModule,
  remindersModule,
  sidebarStaticModule,
  wecomModule,
  dingtalkModule,
  feishuModule,
  slackModule,
  commandsModule,
  cardActionsModule,
  digestsModule,
  dashboardModule,
  backupModule,
  exportsModule,
  duplicatesModule,
  staffAdminModule,
  importsModule,
  automationModule,
  careCyclesModule,
  statisticsModule,
  auditModule,
  customFieldsModule,
  customerQueryModule,
  viewsModule,
  surveysModule,
  ticketsModule,
  segmentsModule,
  predictionsModule,
  orgModule,
  handoverModule,
  permissionsModule,
  settingsModule,
] as const satisfies readonly AppModule[];

export const appModules: readonly AppModule[] = modules;

// Compile-time check: every event kind marked `handled` in src/messaging/inbound-event.ts is in
// some module's `handles` list. A kind nobody handles fails here with its name in the error.
type HandledBy<M> = M extends { handles: readonly (infer K)[] } ? K : never;
type Unhandled = Exclude<HandledEventKind, HandledBy<(typeof modules)[number]>>;
type MustBeNever<T extends never> = T;
export type EveryHandledKindHasAModule = MustBeNever<Unhandled>;
