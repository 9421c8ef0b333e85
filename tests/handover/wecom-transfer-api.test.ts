import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { createWecomApiClient, type WecomApiClient } from '../../src/channels/wecom/api/wecom-api-client.js';
import { useTestDatabase } from '../support/test-db.js';
import { startWecomSimulator, type WecomSimulator } from '../support/simulators/wecom/wecom-simulator.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let sim: WecomSimulator;

beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
let client: WecomApiClient;

beforeEach(async () => {
  sim = await startWecomSimulator();
  client = createWecomApiClient({ baseUrl: sim.baseUrl, corpId: sim.corpId, secret: sim.secret, agentId: sim.agentId, timeoutMs: 2_000 });
  for (const userid of ['lilei', 'hanmeimei']) sim.addStaff({ userid, name: userid, department: [1], customerContact: true });
  for (const id of ['wmA', 'wmB', 'wmC']) {
    sim.addContact({ external_userid: id, name: id, type: 1 });
    sim.addFollow({ userid: 'lilei', external_userid: id, createtime: 1_700_000_000 });
  }
});
afterEach(() => sim.close());

const ids = ['wmA', 'wmB', 'wmC'];

test('in-service transfer of 3 clients: accepted ones wait, one refuses, the result API tells which; a repeat within 90 days is refused per client', async () => {
  sim.refusingClients.add('wmB');
  const accepted = await client.transferCustomer({ resigned: false, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei', externalUserIds: [...ids, 'wmUnknown'], transferSuccessMsg: '您好，我是您的新顾问' });
  expect(accepted).toEqual([
    { external_userid: 'wmA', errcode: 0 },
    { external_userid: 'wmB', errcode: 0 },
    { external_userid: 'wmC', errcode: 0 },
    { external_userid: 'wmUnknown', errcode: 40096 },
  ]);
  expect(sim.transfers.get('wmA')?.successMsg).toBe('您好，我是您的新顾问');
  const waiting = await client.transferResult({ resigned: false, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei' });
  expect(waiting.map((c) => c.status)).toEqual([2, 2, 2]);

  sim.settleTransfers();
  const settled = await client.transferResult({ resigned: false, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei' });
  expect(Object.fromEntries(settled.map((c) => [c.external_userid, c.status]))).toEqual({ wmA: 1, wmB: 3, wmC: 1 });
  expect(sim.getFollow('hanmeimei', 'wmA')).toBeDefined();
  expect(sim.getFollow('lilei', 'wmB')).toBeDefined();
  // The leaver API is separate: nothing was handed over as resigned.
  expect(await client.transferResult({ resigned: true, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei' })).toEqual([]);

  // The refusing client changed their mind: a retry goes through; wmA, moved already, is within 90 days.
  sim.refusingClients.delete('wmB');
  sim.addFollow({ userid: 'lilei', external_userid: 'wmA', createtime: 1_700_000_000 });
  const retry = await client.transferCustomer({ resigned: false, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei', externalUserIds: ['wmA', 'wmB'] });
  expect(retry).toEqual([
    { external_userid: 'wmA', errcode: 40128 },
    { external_userid: 'wmB', errcode: 0 },
  ]);
  sim.settleTransfers();
  expect(sim.getFollow('hanmeimei', 'wmB')).toBeDefined();
});

test("a leaver's clients go through resigned/transfer_customer; a client the giver doesn't follow is 84061; unknown members 40003", async () => {
  sim.addContact({ external_userid: 'wmStranger', name: 's', type: 1 });
  const res = await client.transferCustomer({ resigned: true, handoverUserId: 'lilei', takeoverUserId: 'hanmeimei', externalUserIds: ['wmA', 'wmStranger'] });
  expect(res).toEqual([
    { external_userid: 'wmA', errcode: 0 },
    { external_userid: 'wmStranger', errcode: 84061 },
  ]);
  expect(sim.transfers.get('wmA')).toMatchObject({ resigned: true, successMsg: undefined });
  await expect(client.transferCustomer({ resigned: true, handoverUserId: 'nobody', takeoverUserId: 'hanmeimei', externalUserIds: ['wmA'] })).rejects.toMatchObject({ errcode: 40003 });
});
