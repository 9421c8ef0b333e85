import type { SurveyItem, SurveyTemplateRecord } from '../../crm/surveys/survey-template-model.js';
import { SURVEY_PAGE_TEXT, type SurveyLang } from './survey-page-text.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Phone-first, no script, no external resource: opens in WeChat's in-app browser and anything older. */
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f7;color:#1f2329}
main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 16px}
fieldset{border:0;margin:0 0 12px;padding:14px;background:#fff;border-radius:10px}legend{float:left;width:100%;padding:0;margin-bottom:10px;font-weight:600}
.req{color:#d83931;font-weight:400;font-size:13px;margin-left:4px}.problem{border:1px solid #d83931}.problem-text{color:#d83931;font-size:14px;margin:6px 0 0}
.scale{display:flex;flex-wrap:wrap;gap:6px;clear:both}.scale label{flex:1 0 0;min-width:40px}.scale input,.choice input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #d0d3d6;border-radius:8px;background:#fff}
.scale input:checked+span{background:#1677ff;border-color:#1677ff;color:#fff}.scale input:focus-visible+span{outline:2px solid #1677ff}
.ends{display:flex;justify-content:space-between;font-size:12px;color:#8f959e;margin-top:4px}
.choice{display:block;clear:both;position:relative}.choice span{display:block;padding:10px 12px;margin-bottom:6px;border:1px solid #d0d3d6;border-radius:8px}
.choice input:checked+span{border-color:#1677ff;background:#e8f3ff}
textarea{clear:both;display:block;width:100%;min-height:88px;padding:10px;border:1px solid #d0d3d6;border-radius:8px;font:inherit}
button{width:100%;padding:14px;border:0;border-radius:10px;background:#1677ff;color:#fff;font-size:17px}
.notice{background:#fff1f0;color:#d83931;padding:10px 12px;border-radius:8px}.done{text-align:center;padding-top:48px}.done p{color:#646a73}
`;

function page(lang: SurveyLang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,viewport-fit=cover">
<meta name="format-detection" content="telephone=no"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

type Label = { zh: string; en?: string | null };
const say = (label: Label, lang: SurveyLang) => escapeHtml(lang === 'en' && label.en ? label.en : label.zh);

export interface SurveyFormState {
  /** What the client posted, shown again after a refusal. */
  values?: Record<string, unknown>;
  /** `answers.<key>` → message, from the validation. */
  problems?: Map<string, string>;
}

function itemHtml(item: SurveyItem, lang: SurveyLang, state: SurveyFormState): string {
  const t = SURVEY_PAGE_TEXT[lang];
  const name = escapeHtml(item.key);
  const given = state.values?.[item.key];
  const isGiven = (v: string) => (Array.isArray(given) ? given.map(String).includes(v) : String(given ?? '') === v);
  const checked = (v: string) => (isGiven(v) ? ' checked' : '');
  const required = item.required ? ' required' : '';
  const problem = state.problems?.get(`answers.${item.key}`);
  let control = '';
  if (item.type === 'scale5' || item.type === 'nps') {
    const [from, to] = item.type === 'scale5' ? [1, 5] : [0, 10];
    const chips = Array.from({ length: to - from + 1 }, (_, i) => String(from + i))
      .map((v) => `<label><input type="radio" name="${name}" value="${v}"${checked(v)}${required}><span>${v}</span></label>`)
      .join('');
    const [low, high] = item.type === 'scale5' ? [t.scaleLow, t.scaleHigh] : [t.npsLow, t.npsHigh];
    control = `<div class="scale" role="radiogroup">${chips}</div><div class="ends"><span>${low}</span><span>${high}</span></div>`;
  } else if (item.type === 'single' || item.type === 'multiple') {
    const kind = item.type === 'single' ? 'radio' : 'checkbox';
    control = item.options
      .map((o) => `<label class="choice"><input type="${kind}" name="${name}" value="${escapeHtml(o.key)}"${checked(o.key)}${kind === 'radio' ? required : ''}><span>${say(o.label, lang)}</span></label>`)
      .join('');
  } else {
    control = `<textarea name="${name}" maxlength="2000"${required}>${escapeHtml(typeof given === 'string' ? given : '')}</textarea>`;
  }
  const mark = item.required ? `<span class="req">${t.required}</span>` : '';
  const note = problem ? `<p class="problem-text" role="alert">${escapeHtml(problem === 'required' ? t.problem.required : t.problem.other)}</p>` : '';
  return `<fieldset data-item="${name}"${problem ? ' class="problem"' : ''}><legend>${say(item.label, lang)}${mark}</legend>${control}${note}</fieldset>`;
}

/** The client's form: one fieldset per item, posted back to the same link. */
export function renderSurveyForm(template: Pick<SurveyTemplateRecord, 'name' | 'items'>, action: string, lang: SurveyLang, state: SurveyFormState = {}): string {
  const t = SURVEY_PAGE_TEXT[lang];
  const notice = state.problems?.size ? `<p class="notice" role="alert">${t.fixProblems}</p>` : '';
  const items = template.items.map((item) => itemHtml(item, lang, state)).join('');
  return page(
    lang,
    template.name,
    `<h1>${escapeHtml(template.name)}</h1>${notice}<form method="post" action="${escapeHtml(action)}">${items}<button type="submit">${t.submit}</button></form>`,
  );
}

/** A page with a heading and a sentence: the thank-you, and every refusal. */
export function renderSurveyMessage(lang: SurveyLang, title: string, text: string, testId: string): string {
  return page(lang, title, `<section class="done" data-page="${escapeHtml(testId)}"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></section>`);
}
