import { Types } from 'mongoose';
import { runNextImport } from '../../src/features/imports/run-next-import.js';
import type { TestApp } from './test-app.js';

/** `POST /api/imports?name=&kind=` with the file's bytes as the body. */
export async function uploadImportBytes(app: TestApp, token: string, bytes: Buffer, name: string, kind: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.baseUrl}/api/imports?name=${encodeURIComponent(name)}&kind=${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: await res.json() };
}

/** Runs every queued import to its end, as the service's worker would, two rows per chunk. */
export async function drainImports(): Promise<void> {
  const silent = { info() {}, warn() {}, error() {} };
  while (await runNextImport({ token: `test:${new Types.ObjectId().toHexString()}`, lockMs: 30_000, logger: silent, chunkSize: 2 })) {
    // one claimed run per call
  }
}
