import type { AppDeps } from '../../app/app-module.js';
import { answerSurveyLink, openSurveyLink } from '../../crm/surveys/answer-survey-link.js';
import { answersBodySchema } from '../../crm/surveys/survey-input.js';
import type { SurveyLinkSigner } from '../../crm/surveys/survey-link-signer.js';
import { SurveyLinkRefused, type SurveyLinkRefusal } from '../../crm/surveys/survey-link-refused.js';
import { InvalidInput } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { AppContext, AppRouter } from '../../http/app-context.js';
import { toErrorResponse } from '../../http/error-response.js';
import { parseJson, readRawBody } from '../../http/read-body.js';
import { renderSurveyForm, renderSurveyMessage } from './render-survey-page.js';
import { SURVEY_PAGE_TEXT, surveyLang, type SurveyLang } from './survey-page-text.js';

const STATUS_BY_REFUSAL: Record<SurveyLinkRefusal, number> = { forged: 403, unknown: 404, expired: 410, used: 410 };
/** Answers are a few short fields; a bigger post is not a survey. */
const ANSWER_LIMIT_BYTES = 32 * 1024;
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A form post: each field once, multiple-choice fields repeated. */
function readForm(raw: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new InvalidInput('request body is not valid UTF-8');
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = values[key];
    values[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return values;
}

/**
 * The client's side, no login: `GET /s/:token` shows the form (zh/en), `POST /s/:token` takes the
 * answers as a form post (the page works without script) or JSON (`{ answers }`). Forged, unknown,
 * expired and used links get their own page and status and change nothing; so does anything
 * unexpected (the generic page, never a stack).
 */
export function mountSurveyLinkRoutes(deps: AppDeps, router: AppRouter, signer: SurveyLinkSigner): void {
  const html = (ctx: AppContext, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.body = body;
  };
  const langOf = (ctx: AppContext): SurveyLang => surveyLang(ctx.query.lang, ctx.get('accept-language'));
  const action = (ctx: AppContext) => ctx.originalUrl;

  const refusalPage = (ctx: AppContext, error: unknown, asJson: boolean) => {
    const lang = langOf(ctx);
    if (error instanceof SurveyLinkRefused) {
      if (asJson) {
        ctx.status = STATUS_BY_REFUSAL[error.reason];
        ctx.body = { error: { code: `link_${error.reason}`, message: error.message } };
        return;
      }
      const [title, text] = SURVEY_PAGE_TEXT[lang].refused[error.reason];
      return html(ctx, STATUS_BY_REFUSAL[error.reason], renderSurveyMessage(lang, title, text, `refused-${error.reason}`));
    }
    const response = toErrorResponse(error);
    if (asJson || response.status === 400) throw error;
    if (response.unexpected) ctx.state.log.error({ err: error }, 'survey page failed');
    const [title, text] = SURVEY_PAGE_TEXT[lang].error;
    return html(ctx, response.status, renderSurveyMessage(lang, title, text, 'error'));
  };

  router.get('/s/:token', deps.callbackRateLimit, async (ctx) => {
    try {
      const { template } = await openSurveyLink(signer, String(ctx.params.token));
      html(ctx, 200, renderSurveyForm(template, action(ctx), langOf(ctx)));
    } catch (error) {
      refusalPage(ctx, error, false);
    }
  });

  router.post('/s/:token', deps.callbackRateLimit, async (ctx) => {
    const asJson = ctx.is('application/json') === 'application/json';
    const token = String(ctx.params.token);
    const lang = langOf(ctx);
    let answers: Record<string, unknown> = {};
    try {
      const raw = await readRawBody(ctx, ANSWER_LIMIT_BYTES);
      answers = asJson ? parseInput(answersBodySchema, parseJson(raw)).answers : readForm(raw);
      const response = await answerSurveyLink(signer, token, answers);
      if (asJson) {
        ctx.status = 201;
        ctx.body = { id: String(response._id), low: response.low };
        return;
      }
      const t = SURVEY_PAGE_TEXT[lang];
      html(ctx, 201, renderSurveyMessage(lang, t.thanksTitle, t.thanksBody, 'thanks'));
    } catch (error) {
      if (error instanceof InvalidInput && !asJson) {
        // The form again with what was given and each problem beside its question.
        const problems = new Map(((error.details as { path: string; message: string }[] | undefined) ?? []).map((d) => [d.path, d.message]));
        try {
          const { template } = await openSurveyLink(signer, token);
          return html(ctx, 400, renderSurveyForm(template, action(ctx), lang, { values: answers, problems }));
        } catch (reopen) {
          return refusalPage(ctx, reopen, false);
        }
      }
      refusalPage(ctx, error, asJson);
    }
  });
}
