import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { Conflict } from '../../../errors.js';
import { acquireLease, releaseLease, renewLease } from '../../../jobs/lease.js';
import type { WecomApiClient } from '../api/wecom-api-client.js';
import { syncWecomContacts, type SyncProgress, type SyncReport } from './sync-wecom-contacts.js';
import { WecomSyncRun, type SyncTrigger, type WecomSyncRunDoc } from './wecom-sync-run-model.js';

export interface RunSyncOptions {
  tenantId: Types.ObjectId;
  client: WecomApiClient;
  trigger: SyncTrigger;
  /** Unique per run; the nightly job passes the local date so a day runs once. */
  runKey?: string;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
  leaseTtlMs?: number;
}

export interface StartedSync {
  run: WecomSyncRunDoc;
  done: Promise<SyncReport>;
}

const holderId = `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Starts a full sync under a per-tenant lease (one at a time across instances), recording its
 * progress in `wecom_sync_runs`. Throws Conflict when a sync is already running or the runKey
 * was used. `done` settles when it finishes.
 */
export async function startWecomSync(options: RunSyncOptions): Promise<StartedSync> {
  const now = options.now ?? (() => new Date());
  const ttl = options.leaseTtlMs ?? 60_000;
  const _id = new Types.ObjectId();
  // One holder per run: a second run in this same process must not "renew" the first one's lease.
  const lease = await acquireLease(`wecom-sync:${String(options.tenantId)}`, `${holderId}:${String(_id)}`, ttl, now());
  if (!lease) throw new Conflict('a WeCom sync is already running');
  let run: WecomSyncRunDoc;
  try {
    run = (
      await WecomSyncRun.create({
        _id,
        tenantId: options.tenantId,
        trigger: options.trigger,
        runKey: options.runKey ?? String(_id),
        status: 'running',
        progress: {},
        startedAt: now(),
      })
    ).toObject() as WecomSyncRunDoc;
  } catch (error) {
    await releaseLease(lease);
    if ((error as { code?: number }).code === 11000) throw new Conflict(`this sync (${options.runKey}) already ran`);
    throw error;
  }

  let lastWrite = 0;
  const done = syncWecomContacts({
    tenantId: options.tenantId,
    client: options.client,
    now,
    shouldContinue: () => renewLease(lease, ttl, now()),
    onProgress: (progress) => {
      options.onProgress?.(progress);
      // Progress is for humans: a write per second at most.
      if (Date.now() - lastWrite > 1_000 || progress.phase === 'done') {
        lastWrite = Date.now();
        void WecomSyncRun.updateOne({ _id }, { $set: { progress } }).catch(() => {});
      }
    },
  })
    .then(async (report) => {
      const { startedAt: _s, finishedAt, durationMs: _d, ...progress } = report;
      await WecomSyncRun.updateOne({ _id }, { $set: { status: 'done', progress, finishedAt } });
      return report;
    })
    .catch(async (error: unknown) => {
      // A failed run frees its key (a nightly run may be tried again later that day).
      await WecomSyncRun.updateOne(
        { _id },
        {
          $set: {
            status: 'failed',
            runKey: `${run.runKey}:failed:${String(_id)}`,
            error: (error as Error).message?.slice(0, 500) ?? 'failed',
            finishedAt: now(),
          },
        },
      ).catch(() => {});
      throw error;
    })
    .finally(() => releaseLease(lease).catch(() => {}));
  return { run, done };
}

export async function findSyncRun(tenantId: Types.ObjectId, id: string): Promise<WecomSyncRunDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return WecomSyncRun.findOne({ _id: new Types.ObjectId(id), tenantId }).lean<WecomSyncRunDoc>();
}

export async function latestSyncRuns(tenantId: Types.ObjectId, limit = 10): Promise<WecomSyncRunDoc[]> {
  return WecomSyncRun.find({ tenantId }).sort({ startedAt: -1 }).limit(limit).lean<WecomSyncRunDoc[]>();
}
