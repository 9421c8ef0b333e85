import { InvalidInput, NotFound } from '../../src/errors.js';
import type { CustomerDoc } from '../../src/crm/models/customer.js';
import { normalizePhone } from '../../src/crm/normalize-phone.js';
import { AmbiguousReference } from '../framework/ambiguous-reference.js';
import { closestMatches } from '../framework/closest-matches.js';
import { tr, type ReplyLanguage } from '../framework/reply-language.js';
import { withHint } from '../framework/with-hint.js';
import type { CrmCommandContext } from './crm-services.js';
import { looksLikePhone } from './looks-like-phone.js';

const CODE = /^c\d{3,}$/i;
const MAX_LISTED = 8;
/** How many names in scope "did you mean" compares against (newest first). */
const SUGGESTION_POOL = 2000;

function describe(c: Pick<CustomerDoc, 'name' | 'code' | 'company'>): string {
  return `${c.name}（${c.code}${c.company ? ` · ${c.company}` : ''}）`;
}

/** How long a bare number answers the last numbered list (the runtime keeps the list this long). */
export const CHOICE_MINUTES = 5;

/** "有 2 个客户匹配「王五」，回复 1 或 2 选择": a numbered list to answer with a bare number (or a code). */
export function ambiguityMessage(reference: string, matches: CustomerDoc[], more: boolean, lang: ReplyLanguage = 'zh'): string {
  const listed = matches.slice(0, MAX_LISTED);
  const lines = listed.map((c, i) => `${i + 1}. ${describe(c)}`);
  const truncated = more || matches.length > MAX_LISTED;
  const n = listed.length;
  const pick = n === 2 ? tr(lang, '回复 1 或 2 选择', 'reply 1 or 2 to choose') : tr(lang, `回复 1–${n} 中的一个数字选择`, `reply a number from 1 to ${n} to choose`);
  return [
    tr(
      lang,
      `有${truncated ? '多' : ` ${matches.length} `}个客户匹配「${reference}」，${pick}（${CHOICE_MINUTES} 分钟内有效），也可以把「${reference}」换成编号重新发送：`,
      `${truncated ? 'Several' : matches.length} customers match "${reference}": ${pick} (within ${CHOICE_MINUTES} minutes), or send the command again with a code instead of "${reference}":`,
    ),
    ...lines,
    ...(truncated ? [tr(lang, '…（还有更多结果，请输入更完整的名称）', '… (more matches: type more of the name)')] : []),
  ].join('\n');
}

/** What to do when no customer matches: create it, search by phone, or ask whoever may own it — the same words whether or not a colleague does. */
function nextSteps(reference: string, lang: ReplyLanguage, noCreate: boolean): string {
  const name = /\s/.test(reference) ? `"${reference}"` : reference;
  const create = noCreate ? [] : [tr(lang, `· 新客户：/新建 ${name} [手机] [公司]`, `· New customer: /new ${name} [phone] [company]`)];
  return [
    ...create,
    tr(lang, '· 按手机号找：/客户 <手机号>', '· Search by phone: /customer <phone>'),
    tr(lang, '· 同事负责的客户你看不到，请联系负责人或经理', '· Customers a colleague owns are not shown to you: ask the owner or your manager'),
  ].join('\n');
}

async function suggestionsInScope(ctx: CrmCommandContext, reference: string): Promise<string | undefined> {
  const rows = await ctx.services.listCustomerNamesInScope(ctx.actor, SUGGESTION_POOL);
  const byName = new Map<string, string>();
  for (const r of rows) if (!byName.has(r.name)) byName.set(r.name, r.code);
  const close = closestMatches(reference, byName.keys(), 3);
  if (close.length === 0) return undefined;
  return tr(
    ctx.lang,
    `你是不是要找：${close.map((n) => `${n}（${byName.get(n)}）`).join('、')}`,
    `Did you mean: ${close.map((n) => `${n} (${byName.get(n)})`).join(', ')}`,
  );
}

function notFound(ctx: CrmCommandContext, reference: string, suggestion: string | undefined, noCreate: boolean): NotFound {
  const err = new NotFound(tr(ctx.lang, `客户「${reference}」`, `customer "${reference}"`));
  return withHint(err, [suggestion, nextSteps(reference, ctx.lang, noCreate)].filter(Boolean).join('\n'));
}

/**
 * The one customer a chat argument names — a code (C00012), a phone number, or a name —
 * among the customers the actor may see. Several matches → InvalidInput listing them with
 * codes; none → NotFound with close names (from the actor's own scope only). Someone else's
 * customer is indistinguishable from one that does not exist.
 */
export async function findCustomerByReference(ctx: CrmCommandContext, rawReference: string): Promise<CustomerDoc> {
  const reference = rawReference.trim();
  if (reference === '') throw new InvalidInput(tr(ctx.lang, '请给出客户名称、手机号或编号。', 'Name a customer: name, phone or code.'));
  if (reference.length > 100) throw new InvalidInput(tr(ctx.lang, '客户名称太长了（最多 100 个字）。', 'That customer name is too long (100 characters at most).'));

  if (CODE.test(reference)) {
    const found = await ctx.services.findCustomerByCode(ctx.actor, reference);
    if (found) return found;
    throw notFound(ctx, reference, undefined, true);
  }

  const page = await ctx.services.searchCustomers(ctx.actor, { q: reference, limit: 20 });
  let matches = page.items;
  if (looksLikePhone(reference)) {
    const digits = normalizePhone(reference);
    const exact = matches.filter((c) => c.phones.includes(digits));
    if (exact.length > 0) matches = exact;
  } else {
    const wanted = reference.toLowerCase();
    const exact = matches.filter((c) => c.name.toLowerCase() === wanted);
    if (exact.length > 0) matches = exact;
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const listed = matches.slice(0, MAX_LISTED);
    throw new AmbiguousReference(
      ambiguityMessage(reference, matches, page.nextCursor !== null && matches === page.items, ctx.lang),
      reference,
      listed.map((c) => c.code),
    );
  }
  throw notFound(ctx, reference, await suggestionsInScope(ctx, reference), looksLikePhone(reference));
}
