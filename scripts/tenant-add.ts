// `npm run tenant:add -- --slug SLUG --name NAME --settings FILE [--timezone ZONE]`: adds a company
// with its WeCom and/or DingTalk app settings from a JSON file (secrets never on the command line),
// sealed under SECRETS_KEY, and prints its callback URLs. Works whether the service runs or not.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { addTenant } from '../src/crm/tenants/add-tenant.js';
import { CrmError } from '../src/errors.js';
import { keyringFromEnvironment } from '../src/secrets/keyring-from-environment.js';
import { exitWith, withToolDatabase } from './support/with-tool-database.js';

const USAGE = [
  'usage: npm run tenant:add -- --slug SLUG --name NAME --settings FILE [--timezone ZONE]',
  '  FILE: JSON { "wecom": { corpId, agentId, secret, token, aesKey }, "dingtalk": { appKey, appSecret, agentId, robotCode, token, aesKey } }',
  '        (either or both; keep it private and delete it afterwards: the secrets are stored encrypted)',
].join('\n');

async function readSettings(file: string): Promise<{ settings?: unknown; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problem: `--settings: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    return { settings: JSON.parse(text) as unknown };
  } catch {
    // The parser's message can quote the file's text, which holds secrets.
    return { problem: `--settings: ${file} is not valid JSON` };
  }
}

async function main(): Promise<number> {
  let values: { slug?: string; name?: string; settings?: string; timezone?: string };
  try {
    values = parseArgs({
      options: { slug: { type: 'string' }, name: { type: 'string' }, settings: { type: 'string' }, timezone: { type: 'string' } },
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.slug || !values.name || !values.settings) {
    console.error(`--slug, --name and --settings are required\n${USAGE}`);
    return 2;
  }
  const read = await readSettings(values.settings);
  if (read.problem) {
    console.error(read.problem);
    return 2;
  }
  const { slug, name, timezone } = values;
  return withToolDatabase(
    'tenant:add',
    async (config) => {
      const tenant = await addTenant({ slug, name, timezone, settings: read.settings }, keyringFromEnvironment(process.env));
      console.log(`tenant "${tenant.name}" added: slug ${tenant.slug}, id ${String(tenant._id)}`);
      if (tenant.wecom) {
        console.log(`  WeCom callback URL (接收消息 服务器配置): ${config.PUBLIC_BASE_URL}/callbacks/wecom/${tenant.slug}`);
      }
      if (tenant.dingtalk) {
        console.log(`  DingTalk event subscription URL (事件订阅 请求网址): ${config.PUBLIC_BASE_URL}/callbacks/dingtalk/${tenant.slug}`);
      }
      return 0;
    },
    (error) =>
      error instanceof CrmError
        ? { line: `tenant:add refused: ${error.message}`, code: 2 }
        : undefined,
  );
}

exitWith(main());
