// `npm run directory:sync -- --platform wecom|dingtalk [--dry-run]`: brings the default company's
// departments and staff in line with the platform's address book and prints the diff (a dry run
// writes nothing). The service does the same on POST /api/admin/directory/sync. Works whether the
// service runs or not (openDatabaseForTool).
import { parseArgs } from 'node:util';
import { createDingTalkRuntime, dingtalkSettingsFrom } from '../src/channels/dingtalk/dingtalk-settings.js';
import { fetchDingTalkDirectory } from '../src/channels/dingtalk/fetch-dingtalk-directory.js';
import { fetchWecomDirectory } from '../src/channels/wecom/sync/fetch-wecom-directory.js';
import { wecomApiClient } from '../src/channels/wecom/wecom-runtime.js';
import { loadConfigOrExit } from '../src/config.js';
import { systemActor } from '../src/crm/actor.js';
import { DIRECTORY_PLATFORMS, type DirectorySnapshot } from '../src/crm/org/directory-snapshot.js';
import { syncDirectory } from '../src/crm/org/sync-directory.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { openDatabaseForTool } from '../src/db/open-database.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { platform: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  const platform = DIRECTORY_PLATFORMS.find((p) => p === values.platform);
  if (!platform) {
    console.error(`--platform must be one of ${DIRECTORY_PLATFORMS.join(', ')}`);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openDatabaseForTool(config);
  try {
    const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
    let snapshot: DirectorySnapshot;
    if (platform === 'wecom') {
      if (!config.WECOM_CORP_ID || !config.WECOM_SECRET) throw new Error('WECOM_CORP_ID and WECOM_SECRET must be set');
      snapshot = await fetchWecomDirectory(wecomApiClient(config));
    } else {
      const client = createDingTalkRuntime(dingtalkSettingsFrom(config, tenant._id.toHexString())).client;
      if (!client) throw new Error('DINGTALK_APP_KEY and DINGTALK_APP_SECRET must be set');
      snapshot = await fetchDingTalkDirectory(client);
    }
    const result = await syncDirectory(systemActor(tenant._id, 'system'), snapshot, { dryRun: values['dry-run'] });
    const { departments: d, staff: s } = result;
    console.log(`${platform} directory: ${snapshot.departments.length} departments, ${snapshot.people.length} people${result.dryRun ? ' (dry run: nothing written)' : ''}`);
    for (const x of d.create) console.log(`  + department ${x.name}${x.parent ? ` under ${x.parent}` : ''}`);
    for (const x of d.update) console.log(`  ~ department ${x.name}: ${x.changes.map((c) => `${c.field} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join(', ')}`);
    for (const x of s.create) console.log(`  + ${x.name} (${x.userId}) ${x.departments.join(', ')}`);
    for (const x of s.update) console.log(`  ~ ${x.name} (${x.userId}): ${x.changes.map((c) => `${c.field} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join(', ')}`);
    for (const x of s.deactivate) console.log(`  - ${x.name} (${x.userId}) left: deactivate, customers flagged for handover`);
    for (const x of s.inactive) console.log(`  ! ${x.name} (${x.userId}) is in the directory but deactivated here`);
    for (const w of result.warnings) console.log(`  ! ${w}`);
    if (!result.dryRun) console.log(`applied: ${JSON.stringify(result.applied)}`);
    return 0;
  } catch (error) {
    console.error(`directory sync failed: ${(error as Error).message}`);
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
