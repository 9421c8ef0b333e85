// `npm run wecom:sync`: full WeCom customer-contact sync (follow users → batch/get_by_user → upsert
// and bind), printing progress. The running service does the same nightly and on
// POST /api/admin/wecom/sync. Works whether the service runs or not (openDatabaseForTool).
import { startWecomSync } from '../src/channels/wecom/sync/run-wecom-sync.js';
import { wecomApiClient } from '../src/channels/wecom/wecom-runtime.js';
import { loadConfigOrExit } from '../src/config.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { openDatabaseForTool } from '../src/db/open-database.js';

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  if (!config.WECOM_CORP_ID || !config.WECOM_SECRET) {
    console.error('WECOM_CORP_ID and WECOM_SECRET must be set (the self-built app with 客户联系 permission).');
    return 2;
  }
  const database = await openDatabaseForTool(config);
  try {
    const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
    let lastLine = '';
    const { run, done } = await startWecomSync({
      tenantId: tenant._id,
      client: wecomApiClient(config),
      trigger: 'cli',
      onProgress: (p) => {
        const line = `[${p.phase}] staff ${p.staff} · pages ${p.pages} · contacts ${p.contacts} · relations ${p.relations} · bound ${p.bound} · removed ${p.removed}`;
        if (line !== lastLine) console.log(line);
        lastLine = line;
      },
    });
    console.log(`WeCom sync ${String(run._id)} started`);
    const report = await done;
    console.log(
      `WeCom sync done in ${(report.durationMs / 1000).toFixed(1)} s: ${report.contacts} contacts, ${report.relations} relations, ` +
        `${report.bound} bound, ${report.removed} relations no longer in WeCom`,
    );
    return 0;
  } catch (error) {
    console.error(`WeCom sync failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
