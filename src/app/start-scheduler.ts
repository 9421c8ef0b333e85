import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppModule } from './app-module.js';
import { dashboardUrl, defaultDigestChannel } from '../jobs/digest-settings.js';
import { createDigestJob } from '../jobs/run-due-digests.js';
import { registeredJobs } from '../jobs/job-registry.js';
import { createReminderJob } from '../jobs/run-reminders.js';
import { createScheduler } from '../jobs/scheduler.js';

/**
 * Scheduled work: digests and reminders, triggered every minute by node-cron on every instance;
 * a lease in MongoDB lets one instance (the leader) run each job, and takes over when it dies.
 * Other modules add jobs with registerJob (in their `register`); they run under the same scheduler.
 */
export const jobsModule: AppModule = {
  name: 'jobs',
  async start(deps) {
    const logger = deps.logger.child({ component: 'jobs' });
    const defaultChannel = defaultDigestChannel(deps.config);
    const jobs = [
      createDigestJob({ defaultChannel, dashboardUrl: dashboardUrl(deps.config), logger }),
      createReminderJob({ defaultChannel, logger }),
      ...registeredJobs(),
    ];
    const scheduler = createScheduler({
      instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      jobs,
      logger,
    });
    scheduler.start();
    logger.info({ defaultChannel, jobs: jobs.map((j) => j.name) }, 'scheduler started');
    return () => scheduler.stop();
  },
};
