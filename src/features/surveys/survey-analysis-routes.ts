import type { AppDeps } from '../../app/app-module.js';
import { assertMayExport } from '../../crm/export/may-export.js';
import { analyzeSurveys } from '../../crm/surveys/analyze-surveys.js';
import { prepareSurveyAnalysisExport } from '../../crm/surveys/export-survey-analysis.js';
import { surveyAnalysisSchema } from '../../crm/surveys/survey-analysis-input.js';
import { actorOf } from '../../http/actor-of.js';
import type { AppRouter } from '../../http/app-context.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readQuery } from '../../http/read-body.js';
import { sendExport } from '../../http/send-export.js';

/** GET /api/surveys/analysis?from=&to=&templateKey=&groupBy=item|category|staff|department[&format=csv|xlsx] */
export function mountSurveyAnalysisRoutes(deps: AppDeps, router: AppRouter): void {
  router.get('/api/surveys/analysis', authenticate(deps), requirePermission('surveys', 'view'), async (ctx) => {
    const actor = actorOf(ctx);
    const query = readQuery(ctx, surveyAnalysisSchema);
    const analysis = await analyzeSurveys(actor, query);
    if (query.format === 'json') {
      ctx.body = analysis;
      return;
    }
    await assertMayExport(actor, 'surveys');
    sendExport(ctx, prepareSurveyAnalysisExport(actor, analysis, query.format), deps.logger);
  });
}
