import type { AppModule } from '../../app/app-module.js';
import { mountSurveyTemplateRoutes } from './survey-template-routes.js';

/** Satisfaction surveys: templates, invitations with signed links, the client's form, answers and analysis. */
export const surveysModule: AppModule = {
  name: 'surveys',
  setup(deps, router) {
    mountSurveyTemplateRoutes(deps, router);
  },
};
