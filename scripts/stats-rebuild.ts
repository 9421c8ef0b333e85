// `npm run stats:rebuild [-- --tenant SLUG]`: recounts the statistics rollups from the timeline,
// from scratch (all companies, or one). Safe while the service runs: live updates and the rebuild
// each count an activity once per bucket.
import { parseArgs } from 'node:util';
import { rebuildRollups } from '../src/crm/analytics/rebuild-rollups.js';
import { Tenant } from '../src/crm/models/tenant.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = 'usage: npm run stats:rebuild [-- --tenant SLUG]';

async function main(): Promise<number> {
  let slug: string | undefined;
  try {
    slug = parseArgs({ options: { tenant: { type: 'string' } }, allowPositionals: false }).values.tenant;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  return withToolDatabase('stats:rebuild', async () => {
    const tenants = await Tenant.find(slug ? { slug } : {}, { slug: 1, timezone: 1 }).lean();
    if (tenants.length === 0) {
      console.error(slug ? `no company with slug ${slug}` : 'no companies in this database');
      return 2;
    }
    for (const t of tenants) {
      const started = Date.now();
      const counted = await rebuildRollups({ tenantId: t._id, timezone: t.timezone ?? 'Asia/Shanghai' }, (done) => {
        if (process.stdout.isTTY) process.stdout.write(`\r  ${t.slug}: ${done} activities`);
      });
      if (process.stdout.isTTY) process.stdout.write('\r');
      console.log(`${t.slug}: ${counted} activities counted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return 0;
  });
}

exitWith(main());
