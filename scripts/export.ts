// `npm run export -- --out FILE [--format xlsx|csv] [--entity customers|deals|contracts|follow-ups|survey-answers] [filters]`:
// a list of the default company to a file (customers with the filters of GET /api/customers; deals,
// contracts and follow-ups with those of /api/exports/<entity>), streamed, audited as a system
// export. Works whether the service runs or not.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/crm/actor.js';
import { prepareContractExport } from '../src/crm/export/export-contracts.js';
import { prepareCustomerExport } from '../src/crm/export/export-customers.js';
import { prepareDealExport } from '../src/crm/export/export-deals.js';
import { prepareFollowUpExport } from '../src/crm/export/export-follow-ups.js';
import { prepareSurveyAnswerExport } from '../src/crm/export/export-survey-answers.js';
import { findStaffByUserId } from '../src/crm/staff/find-staff.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { CrmError } from '../src/errors.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = [
  'usage: npm run export -- --out FILE [--format xlsx|csv] [--entity customers|deals|contracts|follow-ups|survey-answers] [filters]',
  '  customers:  [--q TEXT] [--stage STAGE] [--tag TAG] [--owner USERID] [--filter JSON (the universal query\'s filter)]',
  '  deals:      [--stage STAGE] [--status open|won|lost] [--owner USERID]',
  '  contracts:  [--status draft|pending_approval|signed|executing|completed|terminated] [--owner USERID]',
  '  follow-ups: [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--owner USERID (who logged them)]',
  '  survey-answers: [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
].join('\n');
const ENTITIES = ['customers', 'deals', 'contracts', 'follow-ups', 'survey-answers'] as const;
type Entity = (typeof ENTITIES)[number];

async function main(): Promise<number> {
  let values: { out?: string; format?: string; entity?: string; q?: string; stage?: string; tag?: string; owner?: string; status?: string; from?: string; to?: string; filter?: string };
  try {
    values = parseArgs({
      options: Object.fromEntries(
        ['out', 'format', 'entity', 'q', 'stage', 'tag', 'owner', 'status', 'from', 'to', 'filter'].map((name) => [name, { type: 'string' as const }]),
      ),
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
  const entity = (values.entity ?? 'customers') as Entity;
  if (!ENTITIES.includes(entity)) {
    console.error(`--entity: one of ${ENTITIES.join(', ')}\n${USAGE}`);
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
      const f = format as 'csv' | 'xlsx';
      // Each export validates its own filters (a wrong status or date is refused naming the flag's field).
      const exporting =
        entity === 'deals'
          ? await prepareDealExport(actor, { format: f, stage: values.stage, status: values.status as 'open', ownerId })
          : entity === 'contracts'
            ? await prepareContractExport(actor, { format: f, status: values.status as 'draft', ownerId })
            : entity === 'follow-ups'
              ? await prepareFollowUpExport(actor, { format: f, from: values.from, to: values.to, authorId: ownerId })
              : entity === 'survey-answers'
                ? await prepareSurveyAnswerExport(actor, { format: f, from: values.from, to: values.to })
                : await prepareCustomerExport(actor, { format: f, q: values.q, stage: values.stage, tag: values.tag, ownerId, filter: values.filter });
      const started = Date.now();
      const rows = await exporting.run(createWriteStream(out));
      console.log(`${rows} ${entity} exported to ${out} (${exporting.format}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    },
    (error) =>
      error instanceof CrmError
        ? { line: `export refused: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`, code: 2 }
        : undefined,
  );
}

exitWith(main());
