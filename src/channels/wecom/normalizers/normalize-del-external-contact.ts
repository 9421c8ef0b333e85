import { contactEvent } from './contact-event-base.js';
import { optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

/** The staff member deleted the customer; Source=DELETE_BY_TRANSFER when it was an in-service transfer. */
export const normalizeDelExternalContact: WecomNormalizer = (fields, context) =>
  contactEvent('contact.removed', fields, context, { source: optionalField(fields, 'Source') });
