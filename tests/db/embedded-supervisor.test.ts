import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import pino from 'pino';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { superviseMongoWireServer } from '../../src/db/supervise-mongo-wire-server.js';

// When the embedded Java server dies under a running service it must come back by itself, on the
// same port, so mongoose reconnects and writes succeed again without anyone doing anything.

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatcrm-supervise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const Note = mongoose.model('SupervisorNote', new mongoose.Schema({ text: String }));

test('kill -9 of the embedded server under openDatabase: it is restarted, writes succeed again within seconds, data kept', async () => {
  const { logger, lines } = capturingLogger();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: path.join(dir, 'service'), LOG_LEVEL: 'silent', PORT: '0' });
  const giveUps: string[] = [];
  const database = await openDatabase(config, { logger, onEmbeddedGiveUp: (reason) => giveUps.push(reason) });
  try {
    await Note.create({ text: 'before the crash' });
    const firstPid = database.embeddedPid!();
    process.kill(firstPid, 'SIGKILL');

    const killedAt = Date.now();
    let written = false;
    while (!written && Date.now() - killedAt < 20_000) {
      written = await Note.create({ text: 'after the crash' }).then(() => true, () => false);
    }
    expect(written).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(database.embeddedPid!()).not.toBe(firstPid);
    expect((await Note.find().lean()).map((n) => n.text).sort()).toEqual(['after the crash', 'before the crash']);
    const crash = lines.find((l) => l.msg === 'embedded MongoDB-wire server exited unexpectedly; restarting it on the same file and port');
    expect(crash).toMatchObject({ pid: firstPid, signal: 'SIGKILL' });
    expect(giveUps).toEqual([]);
  } finally {
    await database.close();
  }
}, 60_000);

test('after maxRestarts crashes in a row the supervisor gives up and says why', async () => {
  const { logger } = capturingLogger();
  const gaveUp: string[] = [];
  const server = await superviseMongoWireServer({
    file: path.join(dir, 'give-up.mv'),
    logger,
    maxRestarts: 1,
    backoffBaseMs: 50,
    onGiveUp: (reason) => gaveUp.push(reason),
  });
  try {
    const first = server.pid();
    process.kill(first, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while (server.pid() === first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(server.pid()).not.toBe(first);
    expect(gaveUp).toEqual([]);
    process.kill(server.pid(), 'SIGKILL');
    while (gaveUp.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toContain('give-up.mv');
  } finally {
    await server.stop();
  }
}, 60_000);
