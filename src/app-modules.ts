import type { AppModule } from './http/app-types.js';
import { commandsModule } from './commands-runtime/commands-module.js';
import { customersModule } from './http/routes/customers.js';
import { dashboardModule } from './http/routes/dashboard.js';
import { digestsModule } from './http/routes/digests.js';
import { devAuthModule } from './http/routes/dev-auth.js';
import { dingtalkModule } from './http/routes/dingtalk-module.js';
import { healthModule } from './http/routes/health.js';
import { inboxModule } from './inbox/inbox-module.js';
import { jobsModule } from './jobs/jobs-module.js';
import { outboxModule } from './outbox/outbox-module.js';
import { meModule } from './http/routes/me.js';
import { remindersModule } from './http/routes/reminders.js';
import { sidebarStaticModule } from './http/routes/sidebar-static.js';
import { wecomAuthModule } from './http/routes/wecom-auth.js';
import { wecomJssdkModule } from './http/routes/wecom-jssdk.js';
import { wecomModule } from './channels/wecom/wecom-module.js';

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
