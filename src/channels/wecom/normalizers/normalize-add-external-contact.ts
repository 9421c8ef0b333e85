import { contactEvent } from './contact-event-base.js';
import { optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

/** add_external_contact and add_half_external_contact (one-way add by the customer). */
export const normalizeAddExternalContact: WecomNormalizer = (fields, context) =>
  contactEvent('contact.added', fields, context, {
    state: optionalField(fields, 'State'),
    welcomeCode: optionalField(fields, 'WelcomeCode'),
    half: fields.ChangeType === 'add_half_external_contact',
  });
