import { completeReminder } from '../../crm/reminders/complete-reminder.js';
import { createReminder } from '../../crm/reminders/create-reminder.js';
import { listReminders, toReminderViews } from '../../crm/reminders/list-reminders.js';
import { createReminderSchema, listRemindersSchema } from '../../crm/reminders/reminder-input.js';
import { z } from 'zod';
import { actorOf } from '../../http/actor-of.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';
import { defaultDigestChannel } from '../../jobs/digest-settings.js';
import { createReminderJob } from '../../jobs/run-reminders.js';

const completeSchema = z.object({ status: z.enum(['done', 'cancelled']).default('done') }).strict();

export const remindersModule: AppModule = {
  name: 'reminders',
  setup(deps, router) {
    deps.jobs.add(createReminderJob({ defaultChannel: defaultDigestChannel(deps.config), outbox: deps.outbox, renderers: deps.renderers, logger: deps.logger.child({ component: 'reminders' }) }));
    const auth = authenticate(deps);
    router.get('/api/reminders', auth, requirePermission('reminders', 'view'), async (ctx) => {
      ctx.body = { items: await listReminders(actorOf(ctx), readQuery(ctx, listRemindersSchema)) };
    });
    router.post('/api/reminders', auth, requirePermission('reminders', 'create'), async (ctx) => {
      const input = await readJsonBody(ctx, createReminderSchema, deps.config.BODY_LIMIT_BYTES);
      const reminder = await createReminder(actorOf(ctx), input);
      ctx.status = 201;
      const [view] = await toReminderViews(actorOf(ctx), [reminder.toObject()]);
      ctx.body = view;
    });
    router.post('/api/reminders/:id/complete', auth, requirePermission('reminders', 'edit'), async (ctx) => {
      const input = await readJsonBody(ctx, completeSchema, deps.config.BODY_LIMIT_BYTES);
      const reminder = await completeReminder(actorOf(ctx), String(ctx.params.id), input.status);
      ctx.body = { id: String(reminder._id), status: reminder.status };
    });
  },
};
