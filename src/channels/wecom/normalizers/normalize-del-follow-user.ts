import { contactEvent } from './contact-event-base.js';
import type { WecomNormalizer } from './normalizer.js';

/** The customer deleted the staff member (the relation becomes one-way). */
export const normalizeDelFollowUser: WecomNormalizer = (fields, context) =>
  contactEvent('contact.staff_removed', fields, context, {});
