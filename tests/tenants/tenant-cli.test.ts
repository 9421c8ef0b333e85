import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '../../src/crm/models/audit-log.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { loadTenantPlatformSettings } from '../../src/crm/tenants/load-tenant-platform-settings.js';
import { createKeyring } from '../../src/secrets/keyring.js';
import { SecretRefused } from '../../src/secrets/seal-secret.js';
import { useTestDatabase } from '../support/test-db.js';

// `npm run tenant:add` and `npm run tenant:rotate-key` as an operator runs them: separate processes
// on the same database, keys from the environment. The raw collection is read to prove no secret is
// stored in plaintext.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const WECOM = {
  corpId: 'wwcorpalpha0001',
  agentId: '1000002',
  secret: 'alpha-corp-secret-PLAINTEXT-0001',
  token: 'alphaCallbackToken01',
  aesKey: 'aLpHa7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};
const DINGTALK = { appKey: 'dingalphakey', appSecret: 'alpha-dingtalk-app-secret-PLAINTEXT', token: 'alphaDingToken', aesKey: 'bEtA7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C1' };
const PLAINTEXTS = [WECOM.secret, WECOM.token, WECOM.aesKey, DINGTALK.appSecret, DINGTALK.token, DINGTALK.aesKey];

let database: Awaited<ReturnType<typeof useTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'tenant-cli-'));
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(script: string, args: string[], keys: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/tsx'), [script, ...args], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        MONGODB_URI: `${database.uri.replace(/\/+$/, '')}/${database.dbName}`,
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        PUBLIC_BASE_URL: 'https://crm.example.com',
        ...keys,
      },
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const withK1 = { SECRETS_KEY: k1.toString('base64'), SECRETS_KEY_ID: 'k1' };
const withK2 = { SECRETS_KEY: k2.toString('hex'), SECRETS_KEY_ID: 'k2', SECRETS_OLD_KEYS: `k1:${k1.toString('base64')}` };

async function settingsFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const rawTenants = () => mongoose.connection.db!.collection('tenants').find({}).toArray();

describe('tenant:add refuses bad settings, writing nothing', () => {
  test.each([
    ['not JSON', `{"wecom": {"secret": "${WECOM.secret}"`, /is not valid JSON/],
    ['no platform', {}, /needs wecom and\/or dingtalk/],
    ['missing secret', { wecom: { ...WECOM, secret: undefined } }, /wecom\.secret/],
    ['short aesKey', { wecom: { ...WECOM, aesKey: 'tooshort' } }, /wecom\.aesKey: must be 43 letters\/digits/],
    ['unknown field', { wecom: WECOM, feishu: { appId: 'x' } }, /feishu/],
    ['token without aesKey', { wecom: { ...WECOM, aesKey: undefined } }, /token and aesKey go together/],
  ])('%s', async (name, content, message) => {
    const file = await settingsFile(`${name.replace(/ /g, '-')}.json`, content);
    const run = await cli('scripts/tenant-add.ts', ['--slug', 'alpha', '--name', 'Alpha', '--settings', file], withK1);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(message);
    for (const secret of PLAINTEXTS) expect(run.out).not.toContain(secret);
    expect(await Tenant.countDocuments()).toBe(0);
  });

  test('a bad slug, and a settings file that does not exist', async () => {
    const file = await settingsFile('good.json', { wecom: WECOM });
    const badSlug = await cli('scripts/tenant-add.ts', ['--slug', 'Alpha Corp', '--name', 'Alpha', '--settings', file], withK1);
    expect(badSlug).toMatchObject({ code: 2, out: expect.stringMatching(/slug: must be 1-40 lower-case/) });
    const reserved = await cli('scripts/tenant-add.ts', ['--slug', 'events', '--name', 'Events', '--settings', file], withK1);
    expect(reserved).toMatchObject({ code: 2, out: expect.stringMatching(/slug: must not be events or robot/) });
    const missing = await cli('scripts/tenant-add.ts', ['--slug', 'alpha', '--name', 'Alpha', '--settings', path.join(dir, 'nope.json')], withK1);
    expect(missing).toMatchObject({ code: 2, out: expect.stringMatching(/cannot read .*nope\.json \(ENOENT\)/) });
    const secretOnCommandLine = await cli('scripts/tenant-add.ts', ['--slug', 'alpha', '--name', 'Alpha', '--settings', file, '--secret', 'x'], withK1);
    expect(secretOnCommandLine.code).toBe(2);
    expect(await Tenant.countDocuments()).toBe(0);
  });
});

describe('tenant:add then tenant:rotate-key', () => {
  test('adds the tenant with sealed secrets and prints its callback URL', async () => {
    const file = await settingsFile('alpha.json', { wecom: WECOM, dingtalk: DINGTALK });
    const run = await cli('scripts/tenant-add.ts', ['--slug', 'alpha', '--name', 'Alpha Ltd', '--settings', file], withK1);
    expect(run.out).toContain('https://crm.example.com/callbacks/wecom/alpha');
    expect(run.out).toContain('https://crm.example.com/callbacks/dingtalk/alpha');
    expect(run.code).toBe(0);
    for (const secret of PLAINTEXTS) expect(run.out).not.toContain(secret);

    const [raw] = await rawTenants();
    const text = JSON.stringify(raw);
    for (const secret of PLAINTEXTS) expect(text).not.toContain(secret);
    expect(raw!.wecom).toMatchObject({ corpId: WECOM.corpId, agentId: WECOM.agentId, secret: expect.stringMatching(/^v1:k1:/), aesKey: expect.stringMatching(/^v1:k1:/) });
    expect(raw!.dingtalk).toMatchObject({ appKey: DINGTALK.appKey, appSecret: expect.stringMatching(/^v1:k1:/) });

    const opened = await loadTenantPlatformSettings({ slug: 'alpha' }, 'wecom', createKeyring({ id: 'k1', key: k1 }));
    expect(opened?.settings).toMatchObject(WECOM);
    // An audit entry says the tenant was added, without its secrets.
    const audit = await AuditLog.find({ action: 'tenant.add' }).lean();
    expect(audit).toHaveLength(1);
    for (const secret of PLAINTEXTS) expect(JSON.stringify(audit)).not.toContain(secret);

    const again = await cli('scripts/tenant-add.ts', ['--slug', 'alpha', '--name', 'Alpha again', '--settings', file], withK1);
    expect(again).toMatchObject({ code: 2, out: expect.stringMatching(/slug "alpha" already exists/) });
    expect(await Tenant.countDocuments()).toBe(1);
  });

  test('rotate-key without the old key refuses and changes nothing', async () => {
    const before = await rawTenants();
    const run = await cli('scripts/tenant-rotate-key.ts', [], { SECRETS_KEY: k2.toString('base64'), SECRETS_KEY_ID: 'k2' });
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/does not open \(unknown_key\).*SECRETS_OLD_KEYS/);
    expect(await rawTenants()).toEqual(before);
  });

  test('rotate-key re-seals every secret under the new key; afterwards only the new key opens them', async () => {
    const run = await cli('scripts/tenant-rotate-key.ts', [], withK2);
    expect(run.out).toContain('6 secrets of 1 tenants re-encrypted under key "k2"');
    expect(run.code).toBe(0);
    const [raw] = await rawTenants();
    const text = JSON.stringify(raw);
    for (const secret of PLAINTEXTS) expect(text).not.toContain(secret);
    expect(text).not.toContain('v1:k1:');
    expect(raw!.wecom.secret).toMatch(/^v1:k2:/);

    const onlyNew = createKeyring({ id: 'k2', key: k2 });
    expect((await loadTenantPlatformSettings({ slug: 'alpha' }, 'wecom', onlyNew))?.settings).toMatchObject(WECOM);
    expect((await loadTenantPlatformSettings({ slug: 'alpha' }, 'dingtalk', onlyNew))?.settings).toMatchObject(DINGTALK);
    const onlyOld = createKeyring({ id: 'k1', key: k1 });
    await expect(loadTenantPlatformSettings({ slug: 'alpha' }, 'wecom', onlyOld)).rejects.toBeInstanceOf(SecretRefused);

    const rerun = await cli('scripts/tenant-rotate-key.ts', [], withK2);
    expect(rerun.out).toContain('0 secrets of 1 tenants re-encrypted under key "k2" (6 already were)');
  });

  test('a sealed secret copied into another tenant does not open there', async () => {
    const alpha = await Tenant.findOne({ slug: 'alpha' }).lean();
    const other = await Tenant.create({ slug: 'copycat', name: 'Copycat', wecom: alpha!.wecom });
    await expect(loadTenantPlatformSettings({ _id: other._id }, 'wecom', createKeyring({ id: 'k2', key: k2 }))).rejects.toMatchObject({ reason: 'tampered' });
    expect(JSON.stringify(other.toJSON())).not.toContain('v1:k2');
  });
});
