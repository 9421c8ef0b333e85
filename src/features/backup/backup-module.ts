import type { AppModule } from '../../app/app-module.js';
import { nightlyBackupJob } from '../../jobs/nightly-backup-job.js';

/** The nightly backup with retention (BACKUP_DIR, BACKUP_KEEP_DAYS; 0 days turns it off). */
export const backupModule = {
  name: 'backup',
  setup(deps) {
    if (deps.config.BACKUP_KEEP_DAYS === 0) return;
    deps.jobs.add(
      nightlyBackupJob({
        dir: deps.config.backupDir,
        keepDays: deps.config.BACKUP_KEEP_DAYS,
        timezone: deps.config.DEFAULT_TIMEZONE,
        logger: deps.logger.child({ component: 'backup' }),
      }),
    );
  },
} satisfies AppModule;
