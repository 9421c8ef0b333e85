import type { AppDeps } from '../../app/app-module.js';
import { listSurveyTemplates } from '../../crm/surveys/list-survey-templates.js';
import { createSurveyTemplate, findCurrentTemplate, reviseSurveyTemplate } from '../../crm/surveys/save-survey-template.js';
import { createSurveyTemplateSchema, reviseSurveyTemplateSchema } from '../../crm/surveys/survey-template-input.js';
import { toSurveyTemplateView } from '../../crm/surveys/survey-template-view.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/** Templates: everyone reads the current versions; admins create (version 1) and revise (next version). */
export function mountSurveyTemplateRoutes(deps: AppDeps, router: AppRouter): void {
  const auth = authenticate(deps);
  const limit = deps.config.BODY_LIMIT_BYTES;

  router.get('/api/surveys/templates', auth, requirePermission('surveys', 'view'), async (ctx) => {
    ctx.body = { items: await listSurveyTemplates(actorOf(ctx)) };
  });
  router.get('/api/surveys/templates/:key', auth, requirePermission('surveys', 'view'), async (ctx) => {
    ctx.body = toSurveyTemplateView(await findCurrentTemplate(actorOf(ctx), String(ctx.params.key)));
  });
  router.post('/api/surveys/templates', auth, requirePermission('surveys', 'admin'), async (ctx) => {
    const input = await readJsonBody(ctx, createSurveyTemplateSchema, limit);
    ctx.status = 201;
    ctx.body = toSurveyTemplateView(await createSurveyTemplate(actorOf(ctx), input));
  });
  router.put('/api/surveys/templates/:key', auth, requirePermission('surveys', 'admin'), async (ctx) => {
    const input = await readJsonBody(ctx, reviseSurveyTemplateSchema, limit);
    ctx.body = toSurveyTemplateView(await reviseSurveyTemplate(actorOf(ctx), String(ctx.params.key), input));
  });
}
