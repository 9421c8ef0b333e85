import type { Types } from 'mongoose';
import type { Actor } from '../actor.js';
import { createCustomer } from '../customers/create-customer.js';
import type { CreateCustomerInput } from '../customers/customer-input.js';
import { deleteCustomer } from '../customers/delete-customer.js';
import { findCustomerInScope } from '../customers/find-customer-in-scope.js';
import { Conflict } from '../../errors.js';
import type { CustomerDoc } from '../models/customer.js';
import { recordAudit } from '../record-audit.js';
import { earliestActiveRelation } from './contact-facts.js';
import { contactSource } from './create-customer-for-contact.js';
import { customerDefaultsFromContact } from './customer-defaults-from-contact.js';
import { ExternalContact, type ExternalContactDoc } from './external-contact-model.js';
import { findContactInScope } from './find-contact-in-scope.js';
import { ensureFollowersCollaborate, recordPendingHistory } from './settle-contact.js';

async function bind(actor: Actor, contact: ExternalContactDoc, customer: CustomerDoc): Promise<ExternalContactDoc> {
  if (contact.customerId) {
    if (contact.customerId.equals(customer._id)) return contact;
    throw new Conflict('this WeCom contact is already linked to another customer');
  }
  const now = new Date();
  // A worker creating a customer for this contact right now holds a claim: don't race it.
  const bound = await ExternalContact.findOneAndUpdate(
    { _id: contact._id, tenantId: actor.tenantId, customerId: null, $or: [{ bindClaimUntil: null }, { bindClaimUntil: { $lt: now } }] },
    { $set: { customerId: customer._id, bindReason: 'manual', pendingCustomerId: null, bindClaimUntil: null }, $inc: { version: 1 } },
    { new: true },
  ).lean<ExternalContactDoc>();
  if (!bound) {
    const latest = await ExternalContact.findById(contact._id).lean<ExternalContactDoc>();
    if (latest?.customerId?.equals(customer._id)) return latest;
    throw new Conflict('this WeCom contact was just linked to a customer; reload');
  }
  await recordAudit(actor, {
    action: 'contact.bind',
    entity: 'external_contact',
    entityId: contact._id,
    before: { customerId: null },
    after: { customerId: customer._id, externalUserId: contact.externalUserId },
  });
  const settled = await recordPendingHistory(bound);
  await ensureFollowersCollaborate(settled);
  return settled;
}

/** Links a WeCom contact to an existing customer; both must be in the actor's scope. */
export async function bindContactToCustomer(
  actor: Actor,
  externalUserId: string,
  customerId: string | Types.ObjectId,
): Promise<{ contact: ExternalContactDoc; customer: CustomerDoc }> {
  const contact = await findContactInScope(actor, externalUserId);
  const customer = await findCustomerInScope(actor, customerId);
  return { contact: await bind(actor, contact, customer), customer };
}

export interface NewCustomerFromContact {
  name?: string;
  company?: string;
  phone?: string;
  /** Checked against the company's definitions like any customer create. */
  customFields?: CreateCustomerInput['customFields'];
}

/** Creates a customer from the contact's WeCom profile (owner = the actor) and links it. */
export async function createCustomerFromContact(
  actor: Actor,
  externalUserId: string,
  input: NewCustomerFromContact,
): Promise<{ contact: ExternalContactDoc; customer: CustomerDoc }> {
  const contact = await findContactInScope(actor, externalUserId);
  if (contact.customerId) throw new Conflict('this WeCom contact is already linked to a customer');
  const mine = contact.followUsers.find((f) => actor.staffId && f.staffId?.equals(actor.staffId));
  const source = earliestActiveRelation(contact.followUsers) ?? mine;
  const defaults = await customerDefaultsFromContact(actor.tenantId, contact, mine);
  const name = (input.name?.trim() || defaults.name).slice(0, 100);
  const company = input.company?.trim() || defaults.company;
  const phones = input.phone ? [input.phone] : defaults.phones.slice(0, 1);
  const customer = await createCustomer(actor, {
    name,
    ...(company ? { company: company.slice(0, 200) } : {}),
    ...(phones.length ? { phones } : {}),
    source: source ? contactSource(source) : 'WeCom',
    ...(input.customFields ? { customFields: input.customFields } : {}),
  });
  try {
    return { contact: await bind(actor, contact, customer), customer };
  } catch (error) {
    // Someone linked the contact meanwhile: don't leave our new customer behind.
    if (error instanceof Conflict) await deleteCustomer(actor, customer._id).catch(() => {});
    throw error;
  }
}
