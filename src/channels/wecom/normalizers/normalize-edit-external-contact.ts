import { contactEvent } from './contact-event-base.js';
import type { WecomNormalizer } from './normalizer.js';

/** The event carries no diff: the handler re-fetches the contact. */
export const normalizeEditExternalContact: WecomNormalizer = (fields, context) =>
  contactEvent('contact.updated', fields, context, {});
