import { contactEvent } from './contact-event-base.js';
import { optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

/** 客户接替失败: UserID is the takeover member; FailReason customer_refused | customer_limit_exceed. */
export const normalizeTransferFail: WecomNormalizer = (fields, context) =>
  contactEvent('contact.transfer_failed', fields, context, { failReason: optionalField(fields, 'FailReason') });
