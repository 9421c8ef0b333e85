/**
 * How a filterable field is stored, which decides its operators and how values are checked:
 * text (string), phone (digits), option (one value of a list), options (an array of values),
 * number, date (YYYY-MM-DD string), instant (Date), boolean, staff (an ObjectId), department
 * (the owner's department).
 */
export type QueryFieldKind = 'text' | 'phone' | 'option' | 'options' | 'number' | 'date' | 'instant' | 'boolean' | 'staff' | 'department';

export interface QueryField {
  /** Where the value lives on a customer document. */
  path: string;
  kind: QueryFieldKind;
  /** Stored as an array (tags, phones, a multi-select): eq means "has", ne "has not". */
  array?: boolean;
  /** The values an option field may take (stage keys, a select field's option values). */
  options?: readonly string[];
}

/** The standard customer fields a filter may name; custom fields are `custom.<key>`. */
export const STANDARD_QUERY_FIELDS: Readonly<Record<string, QueryField>> = {
  name: { path: 'name', kind: 'text' },
  company: { path: 'company', kind: 'text' },
  code: { path: 'code', kind: 'text' },
  email: { path: 'email', kind: 'text' },
  source: { path: 'source', kind: 'text' },
  industry: { path: 'industry', kind: 'text' },
  level: { path: 'level', kind: 'text' },
  stage: { path: 'stage', kind: 'option' },
  tags: { path: 'tags', kind: 'options', array: true },
  phones: { path: 'phones', kind: 'phone', array: true },
  ownerId: { path: 'ownerId', kind: 'staff' },
  department: { path: 'ownerId', kind: 'department' },
  contactCycleDays: { path: 'contactCycleDays', kind: 'number' },
  needsTransfer: { path: 'needsTransfer', kind: 'boolean' },
  createdAt: { path: 'createdAt', kind: 'instant' },
  updatedAt: { path: 'updatedAt', kind: 'instant' },
  lastContactAt: { path: 'lastContactAt', kind: 'instant' },
  nextFollowUpAt: { path: 'nextFollowUpAt', kind: 'instant' },
};

export const OPERATORS_BY_KIND: Readonly<Record<QueryFieldKind, readonly string[]>> = {
  text: ['eq', 'ne', 'in', 'nin', 'contains', 'exists', 'empty'],
  phone: ['eq', 'ne', 'contains', 'exists', 'empty'],
  option: ['eq', 'ne', 'in', 'nin', 'exists', 'empty'],
  options: ['eq', 'ne', 'in', 'nin', 'exists', 'empty'],
  number: ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'empty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'empty'],
  instant: ['gt', 'gte', 'lt', 'lte', 'between', 'exists', 'empty'],
  boolean: ['eq', 'ne', 'exists', 'empty'],
  staff: ['eq', 'ne', 'in', 'nin'],
  department: ['eq', 'ne', 'in', 'nin'],
};
