import type { AppModule } from './app-module.js';
import { commandsModule } from '../features/commands/commands-module.js';
import { customersModule } from '../features/customers/customers-module.js';
import { dashboardModule } from '../features/dashboard/dashboard-module.js';
import { digestsModule } from '../features/digests/digests-module.js';
import { devAuthModule } from '../features/auth/dev-auth-module.js';
import { dingtalkModule } from '../channels/dingtalk/dingtalk-module.js';
import { healthModule } from '../http/health-module.js';
import { inboxModule } from '../queue/inbox/inbox-module.js';
import { jobsModule } from './start-scheduler.js';
import { outboxModule } from '../queue/outbox/outbox-module.js';
import { meModule } from '../features/auth/me-module.js';
import { remindersModule } from '../features/reminders/reminders-module.js';
import { sidebarStaticModule } from '../features/sidebar/sidebar-module.js';
import { wecomAuthModule } from '../channels/wecom/routes/wecom-auth-routes.js';
import { wecomJssdkModule } from '../channels/wecom/routes/wecom-jssdk-routes.js';
import { wecomModule } from '../channels/wecom/wecom-module.js';

/**
 * Every feature of the service, in mount order. A new feature adds one line here
 * (its routes, inbox handlers, outbox senders and background work live in its module).
 */
export const appModules: AppModule[] = [
  healthModule,
  inboxModule,
  outboxModule,
  devAuthModule,
  meModule,
  customersModule,
  remindersModule,
  sidebarStaticModule,
  wecomAuthModule,
  wecomJssdkModule,
  wecomModule,
  dingtalkModule,
  commandsModule,
  digestsModule,
  dashboardModule,
  jobsModule,
];
