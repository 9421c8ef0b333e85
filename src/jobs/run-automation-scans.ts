import type { AutomationActions } from '../crm/automation/automation-actions.js';
import { scanTimeTriggers } from '../crm/automation/scan-time-triggers.js';
import { listDigestTenants } from '../crm/digests/list-digest-tenants.js';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import { isMarkedDone, markDone } from './once-markers.js';

const SLOT_MS = 15 * 60_000;

/**
 * Time triggers of automation rules (no contact for N days, contract ending, payment overdue),
 * scanned every quarter hour per tenant by the leader. A repeated scan is harmless: each
 * occurrence runs once by its run key.
 */
export function createAutomationScanJob(registry: AutomationActions, logger: Logger): Job<{ runs: number }> {
  return {
    name: 'automation-time-triggers',
    async run({ now, stillLeader }) {
      let runs = 0;
      const slot = Math.floor(now.getTime() / SLOT_MS);
      for (const tenant of await listDigestTenants()) {
        if (!(await stillLeader())) break;
        const key = `automation-scan:${String(tenant.tenantId)}:${slot}`;
        if (await isMarkedDone(key)) continue;
        runs += await scanTimeTriggers(tenant, registry, now);
        await markDone(key, now);
      }
      if (runs > 0) logger.info({ runs }, 'automation time triggers ran');
      return { runs };
    },
  };
}
