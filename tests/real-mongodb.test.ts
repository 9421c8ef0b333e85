import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectDatabase } from '../src/db/connect.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The suite runs on a MongoDB-wire-compatible server; this proves the same code on real MongoDB
// when one is available (REAL_MONGODB_URI=mongodb://…). Without it the test is reported as skipped.
const uri = process.env.REAL_MONGODB_URI;
let app: TestApp | undefined;

beforeAll(async () => {
  if (!uri) return;
  await connectDatabase(uri, `chatcrm_check_${Date.now()}`);
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
  if (uri) {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  }
});

test.skipIf(!uri)('the API works against a real MongoDB (REAL_MONGODB_URI)', async () => {
  const token = await app!.login('real', 'sales');
  const created = await app!.request('POST', '/api/customers', { token, body: { name: '真实库', phones: ['13800000000'] } });
  expect(created.status).toBe(201);
  const found = await app!.request('GET', `/api/customers?q=${encodeURIComponent('真实')}`, { token });
  expect(found.body.items).toHaveLength(1);
});
