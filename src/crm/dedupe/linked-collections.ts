import type mongoose from 'mongoose';
import { ExternalContact } from '../contacts/external-contact-model.js';
import { Activity } from '../models/activity.js';
import { Contract } from '../models/contract.js';
import { Deal } from '../models/deal.js';
import { Quote } from '../models/quote.js';
import { Reminder } from '../models/reminder.js';
import { Ticket } from '../models/ticket.js';

/**
 * Every collection whose records belong to a customer through `customerId`: a merge moves them to
 * the survivor and an unmerge moves them back. A new such collection (tickets, surveys…) is one line here.
 */
export const CUSTOMER_LINKED_COLLECTIONS: Readonly<Record<string, () => mongoose.mongo.Collection>> = {
  activities: () => Activity.collection,
  reminders: () => Reminder.collection,
  deals: () => Deal.collection,
  quotes: () => Quote.collection,
  contracts: () => Contract.collection,
  externalContacts: () => ExternalContact.collection,
  tickets: () => Ticket.collection,
};
