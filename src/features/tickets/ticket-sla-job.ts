import { createSlaBreachReminders, type SlaSweep } from '../../crm/tickets/create-sla-breach-reminders.js';
import type { Job } from '../../jobs/job.js';
import type { Logger } from '../../logger.js';

/** Every minute on the leader: SLA breaches become reminders to the assignees (delivered by the reminder job). */
export function ticketSlaJob(options: { logger?: Pick<Logger, 'info'> } = {}): Job<SlaSweep> {
  return {
    name: 'ticket-sla',
    async run({ now }) {
      const sweep = await createSlaBreachReminders(now);
      if (sweep.created > 0) options.logger?.info(sweep, 'ticket SLA breach reminders created');
      return sweep;
    },
  };
}
