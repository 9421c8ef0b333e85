export type ContactPurpose = 'marketing' | 'survey';

/**
 * Whether the company may reach out to this customer for a purpose on its own initiative. Every
 * automatic action (survey invitations, campaigns, automation rules) asks this first: a client
 * who said 不接受营销 / 不接受调查 is never contacted for it. Service contact is always allowed.
 */
export function mayContact(customer: { doNotMarket?: boolean | null; doNotSurvey?: boolean | null; deletedAt?: Date | null }, purpose: ContactPurpose): boolean {
  if (customer.deletedAt) return false;
  return purpose === 'marketing' ? !customer.doNotMarket : !customer.doNotSurvey;
}
