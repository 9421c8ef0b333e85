import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { z } from 'zod';
import type { StageDefinition } from '../models/tenant.js';
import { normalizePhone } from '../normalize-phone.js';
import { findStage } from '../stages.js';
import type { ColumnMapping } from './import-mapping.js';
import { MAX_CELL_CHARS, type SheetRow } from './read-import-rows.js';
import type { StaffDirectory } from './staff-directory.js';

/** A row read into customer fields (only what the row gives). */
export interface ImportCustomer {
  name: string;
  company?: string;
  phones: string[];
  email?: string;
  tags: string[];
  ownerId: Types.ObjectId;
  /** The row named its owner (an update may reassign); otherwise the default owner applies to new customers only. */
  ownerGiven: boolean;
  stage?: string;
  level?: string;
  source?: string;
  industry?: string;
  unionid?: string;
  notes?: string;
  followUp?: { content: string; at?: Date };
  nextFollowUpAt?: Date;
  customFields: Record<string, string>;
}

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedRow = { ok: true; customer: ImportCustomer } | { ok: false; errors: FieldError[] };

export interface RowContext {
  labels: string[];
  mapping: ColumnMapping;
  stages: StageDefinition[];
  staff: StaffDirectory;
  /** Owner of rows whose owner cell is empty (none: such rows are rejected). */
  defaultOwnerId: Types.ObjectId | null;
  timezone: string;
}

const email = z.email();
const LEVELS = /^[A-Ea-e]$|^[A-Ea-e]类$|^[A-Ea-e]级$|^(重要|普通|一般|核心|VIP|vip|高|中|低|high|medium|low|key)$/u;
const LIST_SEPARATORS = /[,;，；、|\n]+/u;
const TEXT_LIMITS: Record<string, number> = { name: 100, company: 200, source: 100, industry: 100, notes: 5000, followUp: 5000, unionid: 100 };

/** Validates one row against the mapping; every problem is reported by field, none throws. */
export function parseImportRow(row: SheetRow, ctx: RowContext): ParsedRow {
  const errors: FieldError[] = [];
  if (row.problem) errors.push({ field: 'row', message: row.problem });
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  const customFields: Record<string, string> = {};
  ctx.labels.forEach((label, i) => {
    const target = ctx.mapping[label] ?? 'ignore';
    if (target === 'ignore') return;
    const raw = row.cells[i] ?? '';
    if (raw.length > MAX_CELL_CHARS) {
      errors.push({ field: target, message: `column "${label}" holds ${raw.length} characters; at most ${MAX_CELL_CHARS}` });
      return;
    }
    const value = raw.trim();
    if (!value) return;
    if (target.startsWith('custom:')) {
      if (value.length > 1000) errors.push({ field: target, message: `custom field "${target.slice(7)}": at most 1000 characters` });
      else customFields[target.slice(7)] = value;
    } else if (target === 'phones' || target === 'tags') {
      multi.set(target, [...(multi.get(target) ?? []), ...value.split(LIST_SEPARATORS)]);
    } else {
      single.set(target, value);
    }
  });

  const text = (field: string): string | undefined => {
    const value = single.get(field);
    if (value === undefined) return undefined;
    const max = TEXT_LIMITS[field] ?? 100;
    if (value.length > max) {
      errors.push({ field, message: `at most ${max} characters (got ${value.length})` });
      return undefined;
    }
    return value;
  };

  const name = text('name');
  if (!name && !errors.some((e) => e.field === 'name')) errors.push({ field: 'name', message: 'required (empty cell; a merged cell keeps its value in its first row only)' });

  const phones: string[] = [];
  for (const raw of multi.get('phones') ?? []) {
    const candidate = raw.trim();
    if (!candidate) continue;
    const digits = normalizePhone(candidate);
    if (!/^[+\d][\d\s\-()]{2,30}$/.test(candidate) || digits.length < 7 || digits.length > 15 || (digits.length === 11 && digits[0] === '1' && !/^1[3-9]/.test(digits))) {
      errors.push({ field: 'phones', message: `"${candidate.slice(0, 40)}" is not a phone number` });
    } else if (!phones.includes(digits)) phones.push(digits);
  }
  if (phones.length > 10) errors.push({ field: 'phones', message: 'at most 10 phone numbers' });

  const emailText = text('email');
  if (emailText && !email.safeParse(emailText).success) errors.push({ field: 'email', message: `"${emailText.slice(0, 60)}" is not an email address` });

  const tags = [...new Set((multi.get('tags') ?? []).map((t) => t.trim()).filter(Boolean))];
  if (tags.some((t) => t.length > 40)) errors.push({ field: 'tags', message: 'a tag has at most 40 characters' });
  if (tags.length > 50) errors.push({ field: 'tags', message: 'at most 50 tags' });

  let stage: string | undefined;
  const stageText = single.get('stage');
  if (stageText) {
    const found = findStage(ctx.stages, stageText);
    if (found) stage = found.key;
    else errors.push({ field: 'stage', message: `unknown stage "${stageText.slice(0, 40)}"; valid: ${ctx.stages.map((s) => s.name).join(', ')}` });
  }

  let level: string | undefined;
  const levelText = single.get('level');
  if (levelText) {
    const folded = levelText.normalize('NFKC');
    if (LEVELS.test(folded)) level = /^[A-Ea-e]/.test(folded) ? folded[0]!.toUpperCase() : folded;
    else errors.push({ field: 'level', message: `unknown level "${levelText.slice(0, 40)}"; use A–E or 重要/普通/一般/核心/VIP` });
  }

  let ownerId = ctx.defaultOwnerId;
  const ownerText = single.get('owner');
  if (ownerText) {
    const owner = ctx.staff.resolve(ownerText);
    if ('id' in owner) ownerId = owner.id;
    else errors.push({ field: 'owner', message: owner.problem });
  } else if (!ownerId) {
    errors.push({ field: 'owner', message: 'empty, and the import names no default owner (--owner USERID)' });
  }

  const followUpAt = date('followUpAt');
  const nextFollowUpAt = date('nextFollowUpAt');
  const followUpText = text('followUp');
  if (Object.keys(customFields).length > 50) errors.push({ field: 'customFields', message: 'at most 50 custom fields' });

  if (errors.length > 0 || !name || !ownerId) return { ok: false, errors };
  const customer: ImportCustomer = { name, phones, tags, ownerId, ownerGiven: Boolean(ownerText), customFields };
  const company = text('company');
  if (company) customer.company = company;
  if (emailText) customer.email = emailText.toLowerCase();
  if (stage) customer.stage = stage;
  if (level) customer.level = level;
  for (const field of ['source', 'industry', 'unionid', 'notes'] as const) {
    const value = text(field);
    if (value) customer[field] = value;
  }
  if (followUpText) customer.followUp = { content: followUpText, ...(followUpAt ? { at: followUpAt } : {}) };
  if (nextFollowUpAt) customer.nextFollowUpAt = nextFollowUpAt;
  return { ok: true, customer };

  function date(field: string): Date | undefined {
    const value = single.get(field);
    if (!value) return undefined;
    const parsed = parseDate(value, ctx.timezone);
    if (!parsed) errors.push({ field, message: `"${value.slice(0, 40)}" is not a date (use 2024-05-31 or 2024/5/31 14:30)` });
    return parsed ?? undefined;
  }
}

const DATE_FORMATS = ['yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', 'yyyy-M-d H:mm', 'yyyy/M/d H:mm', 'yyyy-M-d H:mm:ss', 'yyyy/M/d H:mm:ss', "yyyy'年'M'月'd'日'"];

/** A date as people type it, in the tenant's time zone; ISO instants as given. */
export function parseDate(text: string, zone: string): Date | null {
  const iso = DateTime.fromISO(text, { zone });
  if (iso.isValid) return iso.toJSDate();
  for (const format of DATE_FORMATS) {
    const dt = DateTime.fromFormat(text, format, { zone });
    if (dt.isValid) return dt.toJSDate();
  }
  return null;
}
