import type { AppDeps } from '../../app/app-module.js';
import { createSurveyInvitation } from '../../crm/surveys/create-survey-invitation.js';
import { recordInvitationAnswers, recordSurveyAnswers } from '../../crm/surveys/record-survey-answers.js';
import { answersBodySchema, createInvitationSchema, recordResponseSchema } from '../../crm/surveys/survey-input.js';
import type { SurveyLinkSigner } from '../../crm/surveys/survey-link-signer.js';
import type { SurveyResponseDoc } from '../../crm/surveys/survey-response-model.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

const responseView = (r: SurveyResponseDoc) => ({
  id: String(r._id),
  customerId: String(r.customerId),
  templateKey: r.templateKey,
  templateVersion: r.templateVersion,
  channel: r.channel,
  low: r.low,
  answers: r.answers.map((a) => ({ key: a.key, value: a.value as unknown })),
  submittedAt: r.submittedAt.toISOString(),
});

/** Staff's side: invite a customer (the signed link comes back to send), or record answers taken on a call. */
export function mountSurveyInvitationRoutes(deps: AppDeps, router: AppRouter, signer: SurveyLinkSigner): void {
  const auth = authenticate(deps);
  const limit = deps.config.BODY_LIMIT_BYTES;

  router.post('/api/surveys/invitations', auth, requirePermission('surveys', 'create'), async (ctx) => {
    const input = await readJsonBody(ctx, createInvitationSchema, limit);
    const { invitation, url } = await createSurveyInvitation(actorOf(ctx), input, { signer, baseUrl: deps.config.PUBLIC_BASE_URL });
    ctx.status = 201;
    ctx.body = {
      id: String(invitation._id),
      customerId: String(invitation.customerId),
      templateKey: invitation.templateKey,
      templateVersion: invitation.templateVersion,
      expiresAt: invitation.expiresAt.toISOString(),
      url,
    };
  });

  router.post('/api/surveys/invitations/:id/answers', auth, requirePermission('surveys', 'create'), async (ctx) => {
    const body = await readJsonBody(ctx, answersBodySchema, limit);
    ctx.status = 201;
    ctx.body = responseView(await recordInvitationAnswers(actorOf(ctx), String(ctx.params.id), body));
  });

  router.post('/api/surveys/responses', auth, requirePermission('surveys', 'create'), async (ctx) => {
    const input = await readJsonBody(ctx, recordResponseSchema, limit);
    ctx.status = 201;
    ctx.body = responseView(await recordSurveyAnswers(actorOf(ctx), input));
  });
}
