import type { AppModule } from './http/app-types.js';
import { customersModule } from './http/routes/customers.js';
import { devAuthModule } from './http/routes/dev-auth.js';
import { healthModule } from './http/routes/health.js';
import { inboxModule } from './inbox/inbox-module.js';
import { outboxModule } from './outbox/outbox-module.js';
import { meModule } from './http/routes/me.js';
import { remindersModule } from './http/routes/reminders.js';

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
];
