import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppModule } from '../http/app-types.js';
import { dashboardUrl, defaultDigestChannel } from './digest-settings.js';
import { createDigestJob } from './run-due-digests.js';
import { createReminderJob } from './run-reminders.js';
import { createScheduler } from './scheduler.js';

/**
 * Scheduled work: digests and reminders, triggered every minute by node-cron on every instance;
 * a lease in MongoDB lets one instance (the leader) run each job, and takes over when it dies.
 */
export const jobsModule: AppModule = {
  name: 'jobs',
  async start(deps) {
    const logger = deps.logger.child({ component: 'jobs' });
    const defaultChannel = defaultDigestChannel(deps.config);
    const scheduler = createScheduler({
      instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      jobs: [
        createDigestJob({ defaultChannel, dashboardUrl: dashboardUrl(deps.config), logger }),
        createReminderJob({ defaultChannel, logger }),
      ],
      logger,
    });
    scheduler.start();
    logger.info({ defaultChannel }, 'scheduler started (digests, reminders)');
    return () => scheduler.stop();
  },
};
