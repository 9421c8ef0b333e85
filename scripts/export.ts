// `npm run export -- --out FILE [--format xlsx|csv] [--q TEXT] [--stage STAGE] [--tag TAG] [--owner USERID]`:
// the customer list (the same filters as GET /api/customers) of the default company to a file,
// streamed, audited as a system export. Works whether the service runs or not.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/crm/actor.js';
import { prepareCustomerExport } from '../src/crm/export/export-customers.js';
import { findStaffByUserId } from '../src/crm/staff/find-staff.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { CrmError } from '../src/errors.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = 'usage: npm run export -- --out FILE [--format xlsx|csv] [--q TEXT] [--stage STAGE] [--tag TAG] [--owner USERID]';

async function main(): Promise<number> {
  let values: { out?: string; format?: string; q?: string; stage?: string; tag?: string; owner?: string };
  try {
    values = parseArgs({
      options: { out: { type: 'string' }, format: { type: 'string' }, q: { type: 'string' }, stage: { type: 'string' }, tag: { type: 'string' }, owner: { type: 'string' } },
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.out) {
    console.error(USAGE);
    return 2;
  }
  const format = values.format ?? (values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
  const out = values.out;
  return withToolDatabase(
    'export',
    async (config) => {
      const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
      const actor = { ...systemActor(tenant._id, 'system'), name: 'command line' };
      let ownerId: string | undefined;
      if (values.owner) {
        const owner = await findStaffByUserId(tenant._id, values.owner);
        if (!owner) {
          console.error(`no staff member with user id ${values.owner}`);
          return 2;
        }
        ownerId = String(owner._id);
      }
      const exporting = await prepareCustomerExport(actor, { format: format as 'csv' | 'xlsx', q: values.q, stage: values.stage, tag: values.tag, ownerId });
      const started = Date.now();
      const rows = await exporting.run(createWriteStream(out));
      console.log(`${rows} customers exported to ${out} (${exporting.format}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    },
    (error) =>
      error instanceof CrmError
        ? { line: `export refused: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`, code: 2 }
        : undefined,
  );
}

exitWith(main());
