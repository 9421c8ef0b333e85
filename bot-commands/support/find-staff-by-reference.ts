import type { Types } from 'mongoose';
import { InvalidInput, NotFound } from '../../src/errors.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { listActiveStaff } from '../../src/crm/staff/list-active-staff.js';
import { closestMatches } from '../framework/closest-matches.js';
import { withHint } from '../framework/with-hint.js';

/**
 * An active colleague (or, with `includeDeparted`, also one who left) named in a command: by name,
 * platform user id or DingTalk user id.
 * Exact matches win over partial ones; several → InvalidInput listing them; none → NotFound
 * with close names.
 */
export async function findStaffByReference(tenantId: Types.ObjectId, rawReference: string, includeDeparted = false): Promise<StaffDoc> {
  const reference = rawReference.trim().replace(/^@/, '');
  if (reference === '') throw new InvalidInput('请给出同事的姓名或账号。');
  const all = await listActiveStaff(tenantId, undefined, includeDeparted);
  const wanted = reference.toLowerCase();
  const exact = all.filter(
    (s) => s.name.toLowerCase() === wanted || s.userId.toLowerCase() === wanted || s.dingtalkUserId?.toLowerCase() === wanted,
  );
  const matches = exact.length > 0 ? exact : all.filter((s) => s.name.toLowerCase().includes(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const lines = matches.slice(0, 8).map((s, i) => `${i + 1}. ${s.name}（账号 ${s.userId}${s.departments.length ? ` · ${s.departments.join('/')}` : ''}）`);
    throw new InvalidInput([`有 ${matches.length} 位同事匹配「${reference}」，请改用账号：`, ...lines].join('\n'));
  }
  const close = closestMatches(reference, all.map((s) => s.name), 3);
  throw withHint(new NotFound(`同事「${reference}」`), close.length ? `你是不是要找：${close.join('、')}` : undefined);
}
