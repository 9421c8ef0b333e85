import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Department } from '../../src/crm/models/department.js';
import { Staff } from '../../src/crm/models/staff.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';
import { useTestDatabase } from '../support/test-db.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;

beforeAll(async () => {
  db = await useTestDatabase();
  sim = await startWecomSimulator();
  sim.addDepartment({ id: 1, name: 'CLI公司', parentid: 0 });
  sim.addDepartment({ id: 5, name: '客服部', parentid: 1 });
  sim.addStaff({ userid: 'kefu1', name: '客服一', department: [5] });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const env = {
    ...process.env,
    MONGODB_URI: `${db.uri.replace(/\/+$/, '')}/${db.dbName}`,
    WECOM_CORP_ID: sim.corpId,
    WECOM_SECRET: sim.secret,
    WECOM_API_BASE: sim.baseUrl,
    LOG_LEVEL: 'silent',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/directory-sync.ts', ...args], { cwd: repoRoot, env, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

test('npm run directory:sync: --dry-run prints the diff and writes nothing; without it the directory is applied', async () => {
  expect((await cli(['--platform', 'slack'])).code).toBe(2);
  const dry = await cli(['--platform', 'wecom', '--dry-run']);
  expect(dry.code).toBe(0);
  expect(dry.out).toMatch(/dry run: nothing written/);
  expect(dry.out).toMatch(/\+ department 客服部 under CLI公司/);
  expect(dry.out).toMatch(/\+ 客服一 \(kefu1\) 客服部/);
  expect(await Department.countDocuments()).toBe(0);

  const run = await cli(['--platform', 'wecom']);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/"staffCreated":1/);
  expect((await Staff.findOne({ userId: 'kefu1' }).lean())).toMatchObject({ name: '客服一', departments: ['客服部'], active: true });
});
