import { mayContact } from '../customers/may-contact.js';
import { Conflict } from '../../errors.js';

/** A customer who said 不接受调查 gets no survey, by link or by call: a 409 that names why, before anything is written. */
export function refuseSurveyOptOut(customer: { name: string; code: string; doNotSurvey?: boolean | null; deletedAt?: Date | null }): void {
  if (!mayContact(customer, 'survey')) {
    throw new Conflict(`customer ${customer.name} (${customer.code}) does not accept surveys (doNotSurvey); nothing was sent or recorded`);
  }
}
