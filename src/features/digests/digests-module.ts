import { z } from 'zod';
import { buildDigestForActor } from '../../crm/digests/build-digest-for-actor.js';
import { DigestRun } from '../../crm/digests/digest-run.js';
import { DIGEST_KINDS, type DigestKind } from '../../crm/digests/digest-schedule.js';
import { DIGEST_CHANNELS } from '../../crm/digests/digest-subscription.js';
import { effectiveSubscriptions } from '../../crm/digests/effective-subscriptions.js';
import { setDigestSubscription, setDigestSubscriptionSchema } from '../../crm/digests/set-digest-subscription.js';
import { dashboardUrl, defaultDigestChannel } from '../../jobs/digest-settings.js';
import { createDigestJob } from '../../jobs/run-due-digests.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppModule } from '../../app/app-module.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody, readQuery } from '../../http/read-body.js';

const instantQuery = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const previewQuery = z
  .object({
    kind: z.enum(DIGEST_KINDS).default('daily'),
    channel: z.enum(DIGEST_CHANNELS).optional(),
    /** The instant to build it for (default now): what the digest said, or will say, then. */
    at: instantQuery.optional(),
  })
  .strict();

const subscriptionBody = setDigestSubscriptionSchema.omit({ recipientId: true, kind: true });

const runsQuery = z
  .object({
    kind: z.enum(DIGEST_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/**
 * GET /api/digests/preview?kind=daily|weekly|morning&channel=&at=  → { kind, period, markdown, stats, form, parts }
 *     (managers and admins: daily/weekly of their team; anyone: their morning list)
 * GET /api/digests/subscriptions                  → { items } (admins: everyone's; others: their own)
 * PUT /api/digests/subscriptions/:staffId/:kind   { schedule?, channel?, enabled? } (admins; others only enabled, for themselves)
 * GET /api/digests/runs?kind=&limit=              → { items } recent runs (admins)
 */
export const digestsModule: AppModule = {
  name: 'digests',
  setup(deps, router) {
    deps.jobs.add(
      createDigestJob({
        defaultChannel: defaultDigestChannel(deps.config),
        dashboardUrl: dashboardUrl(deps.config),
        outbox: deps.outbox,
        renderers: deps.renderers,
        logger: deps.logger.child({ component: 'digests' }),
      }),
    );
    const auth = authenticate(deps);
    const channel = defaultDigestChannel(deps.config);
    const link = dashboardUrl(deps.config);

    router.get('/api/digests/preview', auth, requirePermission('digests', 'view'), async (ctx) => {
      const query = readQuery(ctx, previewQuery);
      const { digest, document } = await buildDigestForActor({
        actor: actorOf(ctx),
        kind: query.kind,
        asOf: query.at ?? new Date(),
        dashboardUrl: link,
      });
      const fitted = deps.renderers.for(query.channel ?? channel).fitDocument(document);
      ctx.body = { kind: query.kind, period: digest.period, markdown: fitted.markdown, stats: digest, form: fitted.form, parts: fitted.bodies.length };
    });

    router.get('/api/digests/subscriptions', auth, requirePermission('digests', 'view'), async (ctx) => {
      const actor = actorOf(ctx);
      const subs = await effectiveSubscriptions(actor.tenantId, channel, {
        ...(actor.role === 'admin' || !actor.staffId ? {} : { recipientIds: [actor.staffId] }),
      });
      ctx.body = {
        items: subs.map((s) => ({
          recipientId: String(s.recipient._id),
          recipientName: s.recipient.name,
          role: s.recipient.role,
          kind: s.kind,
          schedule: s.schedule,
          channel: s.channel,
          enabled: s.enabled,
          isDefault: s.subscriptionId === null,
        })),
      };
    });

    router.put('/api/digests/subscriptions/:staffId/:kind', auth, requirePermission('digests', 'edit'), async (ctx) => {
      const body = await readJsonBody(ctx, subscriptionBody, deps.config.BODY_LIMIT_BYTES);
      const doc = await setDigestSubscription(
        actorOf(ctx),
        { recipientId: String(ctx.params.staffId), kind: String(ctx.params.kind) as DigestKind, ...body },
        channel,
      );
      ctx.body = {
        recipientId: String(doc.recipientId),
        kind: doc.kind,
        schedule: { time: doc.schedule!.time, weekdays: [...doc.schedule!.weekdays] },
        channel: doc.channel,
        enabled: doc.enabled,
        isDefault: false,
      };
    });

    router.get('/api/digests/runs', auth, requirePermission('digests', 'admin'), async (ctx) => {
      const query = readQuery(ctx, runsQuery);
      const actor = actorOf(ctx);
      const runs = await DigestRun.find({ tenantId: actor.tenantId, ...(query.kind ? { kind: query.kind } : {}) })
        .sort({ scheduledFor: -1, _id: -1 })
        .limit(query.limit)
        .lean();
      ctx.body = {
        items: runs.map((r) => ({
          id: String(r._id),
          recipientId: String(r.recipientId),
          kind: r.kind,
          periodKey: r.periodKey,
          scheduledFor: r.scheduledFor.toISOString(),
          status: r.status,
          attempts: r.attempts,
          parts: (r.messages ?? []).length,
          skipReason: r.skipReason ?? null,
          completedAt: r.completedAt ? r.completedAt.toISOString() : null,
        })),
      };
    });
  },
};
