import type { Types } from 'mongoose';
import { buildDigest } from '../crm/digests/build-digest.js';
import { claimDigestRun, DEFAULT_STALE_AFTER_MS } from '../crm/digests/claim-digest-run.js';
import { tenantFacts, type DigestFacts } from '../crm/digests/digest-facts.js';
import { closedStageKeys } from '../crm/digests/digest-helpers.js';
import type { DigestRunDoc } from '../crm/digests/digest-run.js';
import { dueDigest } from '../crm/digests/digest-schedule.js';
import type { DigestChannel } from '../crm/digests/digest-subscription.js';
import type { RecipientStaff } from '../crm/digests/digest-team.js';
import { effectiveSubscriptions, type EffectiveSubscription } from '../crm/digests/effective-subscriptions.js';
import { buildDigestDocument } from '../crm/digests/build-digest-document.js';
import type { DigestTenant } from '../crm/digests/digest-tenant.js';
import { findDigestRunsForPeriods } from '../crm/digests/find-digest-runs-for-periods.js';
import { listDigestTenants } from '../crm/digests/list-digest-tenants.js';
import { listRecipientStaff } from '../crm/digests/list-recipient-staff.js';
import { markDigestRunEnqueued } from '../crm/digests/mark-digest-run-enqueued.js';
import { skipDigestRun } from '../crm/digests/skip-digest-run.js';
import { storeBuiltDigestRun } from '../crm/digests/store-built-digest-run.js';
import { platformUserIdOf } from '../crm/staff/platform-user-id-of.js';
import type { Logger } from '../logger.js';
import type { MessageRenderers } from '../messaging/message-renderers.js';
import type { Outbox } from '../queue/outbox/create-outbox.js';
import type { OutboundMessage } from '../messaging/outbound-message.js';
import type { Job } from './job.js';

export interface DigestJobOptions {
  defaultChannel: DigestChannel;
  /** Linked from manager digests (and the card that replaces a digest too long for chat). */
  dashboardUrl?: string;
  /** The outbox the digests go to (due times are the job's clock, not the wall clock). */
  outbox: Pick<Outbox, 'enqueue'>;
  /** Each digest is rendered by its subscription's platform. */
  renderers: Pick<MessageRenderers, 'for'>;
  staleAfterMs?: number;
  /** A digest whose building keeps failing is given up after this many attempts. */
  maxAttempts?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface DigestJobReport {
  due: number;
  built: number;
  resumed: number;
  enqueued: number;
  skipped: number;
  failed: number;
}

const LEADER_CHECK_EVERY = 20;

const emptyReport = (): DigestJobReport => ({ due: 0, built: 0, resumed: 0, enqueued: 0, skipped: 0, failed: 0 });

const runKey = (recipientId: Types.ObjectId | string, kind: string, periodKey: string) => `${String(recipientId)}:${kind}:${periodKey}`;

/**
 * Every minute on the leader: for each tenant, the subscriptions whose scheduled minute has come
 * (in the tenant's time zone) get their DigestRun claimed, built, stored and handed to the outbox.
 * The run is written before anything is sent, so neither a second instance nor a restart sends twice.
 */
export function createDigestJob(options: DigestJobOptions): Job<DigestJobReport> {
  // Due at the job's `now` (the injectable clock), not the wall clock.
  const enqueue = (m: OutboundMessage, now: Date) => options.outbox.enqueue(m, { now: () => now });
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const maxAttempts = options.maxAttempts ?? 5;

  async function deliver(run: DigestRunDoc, holder: string, now: Date, report: DigestJobReport): Promise<void> {
    for (const message of (run.messages ?? []) as OutboundMessage[]) await enqueue(message, now);
    await markDigestRunEnqueued(run, holder, now);
    report.enqueued++;
  }

  async function buildAndStore(
    run: DigestRunDoc,
    sub: EffectiveSubscription,
    tenant: DigestTenant,
    context: { now: Date; holder: string; facts: DigestFacts; staff: RecipientStaff[] },
  ): Promise<DigestRunDoc | null> {
    const digest = await buildDigest({
      tenant,
      recipient: sub.recipient,
      kind: sub.kind,
      asOf: context.now,
      period: { unit: sub.kind === 'weekly' ? 'week' : 'day', timezone: run.timezone, key: run.periodKey, start: run.periodStart, end: run.periodEnd },
      facts: context.facts,
      allStaff: context.staff,
    });
    if (digest.kind === 'morning' && digest.items.length === 0) {
      await skipDigestRun(run, context.holder, { reason: 'nothing due today', stats: digest, now: context.now });
      return null;
    }
    const document = buildDigestDocument(digest, options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {});
    const fitted = options.renderers.for(sub.channel).fitDocument(document);
    const messages: OutboundMessage[] = fitted.bodies.map((body, i) => ({
      tenantId: String(tenant.tenantId),
      platform: sub.channel,
      to: { type: 'user', platformUserId: platformUserIdOf(sub.recipient, sub.channel) },
      body,
      // Stable per run and part: a resumed run re-enqueues the same keys and the outbox stores each once.
      dedupeKey: `digest:${String(run._id)}:${i + 1}/${fitted.bodies.length}`,
    }));
    return storeBuiltDigestRun(run, context.holder, { messages, stats: digest });
  }

  async function runTenant(
    tenant: DigestTenant,
    now: Date,
    holder: string,
    stillLeader: () => Promise<boolean>,
    report: DigestJobReport,
  ): Promise<boolean> {
    const staff = await listRecipientStaff(tenant.tenantId);
    const subs = await effectiveSubscriptions(tenant.tenantId, options.defaultChannel, { staff: staff.filter((s) => s.active) });
    const due = subs.flatMap((sub) => {
      if (!sub.enabled) return [];
      const d = dueDigest(sub.kind, sub.schedule, tenant.timezone, now);
      return d ? [{ sub, ...d }] : [];
    });
    if (due.length === 0) return true;

    const existing = await findDigestRunsForPeriods(tenant.tenantId, due.map((d) => d.period.key));
    const known = new Map(existing.map((r) => [runKey(r.recipientId, r.kind, r.periodKey), r]));
    const staleBefore = now.getTime() - staleAfterMs;
    const todo = due.filter(({ sub, period }) => {
      const run = known.get(runKey(sub.recipient._id, sub.kind, period.key));
      if (!run) return true;
      return (run.status === 'claimed' || run.status === 'built') && run.claimedAt.getTime() <= staleBefore;
    });
    report.due += todo.length;
    const facts = tenantFacts(tenant.tenantId, closedStageKeys(tenant.stages));

    let sinceCheck = 0;
    for (const { sub, period, scheduledFor } of todo) {
      // Checking the lease costs a write: once every few digests is enough to stop a stalled leader.
      if (++sinceCheck % LEADER_CHECK_EVERY === 0 && !(await stillLeader())) return false;
      const run = await claimDigestRun({
        tenantId: tenant.tenantId,
        recipientId: sub.recipient._id,
        kind: sub.kind,
        period,
        scheduledFor,
        subscriptionId: sub.subscriptionId,
        holder,
        now,
        staleAfterMs,
      });
      if (!run) continue;
      try {
        let ready: DigestRunDoc | null = run;
        if (run.status === 'built') {
          report.resumed++;
        } else {
          if (run.attempts > 1) report.resumed++;
          ready = await buildAndStore(run, sub, tenant, { now, holder, facts, staff });
          if (!ready) {
            report.skipped++;
            continue;
          }
          report.built++;
        }
        await deliver(ready, holder, now, report);
      } catch (error) {
        report.failed++;
        options.logger?.error({ err: error, tenantId: String(tenant.tenantId), runId: String(run._id), kind: sub.kind }, 'digest run failed');
        if (run.attempts >= maxAttempts) {
          await skipDigestRun(run, holder, { reason: `failed ${run.attempts} times: ${String((error as Error).message ?? error)}`, now });
        }
        // Otherwise the claim goes stale and the next tick (on any instance) resumes it.
      }
    }
    return true;
  }

  return {
    name: 'digests',
    async run({ now, instanceId, stillLeader }) {
      const report = emptyReport();
      const tenants = await listDigestTenants();
      for (const tenant of tenants) {
        const carryOn = await runTenant(tenant, now, instanceId, stillLeader, report);
        if (!carryOn) break;
      }
      return report;
    },
  };
}
