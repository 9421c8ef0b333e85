import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { prepareCollections } from '../src/db/connect.js';
import { useTestDatabase } from './support/test-db.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(() => db.drop());

test('talks to the MongoDB-wire server over TCP and enforces unique indexes', async () => {
  const M = mongoose.model('Smoke', new mongoose.Schema({ k: { type: String, unique: true } }));
  await prepareCollections();
  await M.create({ k: 'a' });
  await expect(M.create({ k: 'a' })).rejects.toMatchObject({ code: 11000 });
  expect(await M.countDocuments()).toBe(1);
});
