import { InvalidInput, NotFound } from '../../src/errors.js';
import type { CustomerDoc } from '../../src/crm/models/customer.js';
import { normalizePhone } from '../../src/crm/normalize-phone.js';
import { closestMatches } from '../framework/closest-matches.js';
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

/** "有 3 个客户匹配…": a numbered list with the codes to pick from. */
export function ambiguityMessage(reference: string, matches: CustomerDoc[], more: boolean): string {
  const lines = matches.slice(0, MAX_LISTED).map((c, i) => `${i + 1}. ${describe(c)}`);
  return [
    `有${more || matches.length > MAX_LISTED ? '多' : ` ${matches.length} `}个客户匹配「${reference}」，请用编号重新发送，例如把「${reference}」换成 ${matches[0]!.code}：`,
    ...lines,
    ...(more || matches.length > MAX_LISTED ? ['…（更多结果，请输入更完整的名称）'] : []),
  ].join('\n');
}

async function suggestionsInScope(ctx: CrmCommandContext, reference: string): Promise<string | undefined> {
  const rows = await ctx.services.listCustomerNamesInScope(ctx.actor, SUGGESTION_POOL);
  const byName = new Map<string, string>();
  for (const r of rows) if (!byName.has(r.name)) byName.set(r.name, r.code);
  const close = closestMatches(reference, byName.keys(), 3);
  if (close.length === 0) return undefined;
  return `你是不是要找：${close.map((n) => `${n}（${byName.get(n)}）`).join('、')}`;
}

/**
 * The one customer a chat argument names — a code (C00012), a phone number, or a name —
 * among the customers the actor may see. Several matches → InvalidInput listing them with
 * codes; none → NotFound with close names (from the actor's own scope only). Someone else's
 * customer is indistinguishable from one that does not exist.
 */
export async function findCustomerByReference(ctx: CrmCommandContext, rawReference: string): Promise<CustomerDoc> {
  const reference = rawReference.trim();
  if (reference === '') throw new InvalidInput('请给出客户名称、手机号或编号。');
  if (reference.length > 100) throw new InvalidInput('客户名称太长了（最多 100 个字）。');

  if (CODE.test(reference)) {
    const found = await ctx.services.findCustomerByCode(ctx.actor, reference);
    if (found) return found;
    throw new NotFound(`客户「${reference}」`);
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
  if (matches.length > 1) throw new InvalidInput(ambiguityMessage(reference, matches, page.nextCursor !== null && matches === page.items));
  throw withHint(new NotFound(`客户「${reference}」`), await suggestionsInScope(ctx, reference));
}
