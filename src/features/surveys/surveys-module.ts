import type { AppModule } from '../../app/app-module.js';
import { surveyLinkSignerFromConfig } from '../../crm/surveys/survey-link-signer.js';
import { lowSurveyNotifier } from './notify-low-survey.js';
import { mountSurveyAnalysisRoutes } from './survey-analysis-routes.js';
import { mountSurveyInvitationRoutes } from './survey-invitation-routes.js';
import { mountSurveyLinkRoutes } from './survey-link-routes.js';
import { mountSurveyTemplateRoutes } from './survey-template-routes.js';

/** Satisfaction surveys: templates, invitations with signed links, the client's form, answers and analysis. */
export const surveysModule: AppModule = {
  name: 'surveys',
  setup(deps, router) {
    const signer = surveyLinkSignerFromConfig(deps.config);
    deps.domainEvents.subscribe(lowSurveyNotifier(deps));
    mountSurveyTemplateRoutes(deps, router);
    mountSurveyInvitationRoutes(deps, router, signer);
    mountSurveyLinkRoutes(deps, router, signer);
    mountSurveyAnalysisRoutes(deps, router);
  },
};
