import type { AppModule } from '../../app/app-module.js';
import { createSurveyLinkSigner } from '../../crm/surveys/survey-link-signer.js';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringFromEnvironment } from '../../secrets/keyring-from-environment.js';
import { lowSurveyNotifier } from './notify-low-survey.js';
import { mountSurveyInvitationRoutes } from './survey-invitation-routes.js';
import { mountSurveyLinkRoutes } from './survey-link-routes.js';
import { mountSurveyTemplateRoutes } from './survey-template-routes.js';

/** Satisfaction surveys: templates, invitations with signed links, the client's form, answers and analysis. */
export const surveysModule: AppModule = {
  name: 'surveys',
  setup(deps, router) {
    const { config } = deps;
    // The link key derives from the secrets keyring (SECRETS_KEY…), read on first use like the token caches do.
    let keyring: Keyring | undefined;
    const signer = createSurveyLinkSigner(
      () =>
        (keyring ??= keyringFromEnvironment({
          NODE_ENV: config.NODE_ENV,
          DATA_DIR: config.DATA_DIR,
          SECRETS_KEY: config.SECRETS_KEY,
          SECRETS_KEY_ID: config.SECRETS_KEY_ID,
          SECRETS_OLD_KEYS: config.SECRETS_OLD_KEYS,
        })),
    );
    deps.domainEvents.subscribe(lowSurveyNotifier(deps));
    mountSurveyTemplateRoutes(deps, router);
    mountSurveyInvitationRoutes(deps, router, signer);
    mountSurveyLinkRoutes(deps, router, signer);
  },
};
