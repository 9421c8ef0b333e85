const DAY_MS = 86_400_000;

/** When a customer with a contact cycle should next be contacted: the last contact (or creation) plus the cycle. */
export function contactCycleLapse(customer: {
  contactCycleDays?: number | null;
  lastContactAt?: Date | null;
  createdAt?: Date | null;
}): Date | null {
  const days = customer.contactCycleDays;
  const since = customer.lastContactAt ?? customer.createdAt;
  if (!days || days <= 0 || !since) return null;
  return new Date(since.getTime() + days * DAY_MS);
}
