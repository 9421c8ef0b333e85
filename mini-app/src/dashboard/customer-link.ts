/** Launch parameters a page opened from the dashboard keeps (dev identity and language). */
const CARRIED = ['devUser', 'role', 'devName', 'lang'] as const;

/**
 * Where a customer opens from the dashboard: the sidebar page for that one record
 * (`/sidebar/?customerId=`, the same page a chat command's card links to), signed in as the same person.
 */
export function customerPageUrl(dashboardHref: string, customerId: string): string {
  const here = new URL(dashboardHref);
  const target = new URL('./', here);
  target.searchParams.set('customerId', customerId);
  for (const key of CARRIED) {
    const value = here.searchParams.get(key);
    if (value !== null) target.searchParams.set(key, value);
  }
  return target.toString();
}
