import type {
  Activity,
  ContactView,
  Customer,
  CustomerPatch,
  ExternalContact,
  JssdkConfig,
  LoggedFollowUp,
  Me,
  NewFollowUp,
  Page,
  Reminder,
} from './api-types.js';
import type { HttpClient } from './http-client.js';

const enc = encodeURIComponent;

/** The REST calls the sidebar makes, one method per endpoint. */
export function createCrmApi(http: HttpClient) {
  return {
    me: () => http.get<Me>('/api/me'),
    contact: (externalUserId: string) => http.get<ContactView>(`/api/contacts/${enc(externalUserId)}`),
    bind: (externalUserId: string, customerId: string) =>
      http.post<{ contact: ExternalContact; customer: Customer }>(`/api/contacts/${enc(externalUserId)}/bind`, {
        customerId,
      }),
    createCustomer: (externalUserId: string, input: { name?: string; company?: string; phone?: string }) =>
      http.post<{ contact: ExternalContact; customer: Customer }>(
        `/api/contacts/${enc(externalUserId)}/customer`,
        input,
      ),
    customer: (id: string) => http.get<Customer>(`/api/customers/${enc(id)}`),
    patchCustomer: (id: string, patch: CustomerPatch) => http.patch<Customer>(`/api/customers/${enc(id)}`, patch),
    activities: (customerId: string, cursor: string | null, limit = 20) => {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor) q.set('cursor', cursor);
      return http.get<Page<Activity>>(`/api/customers/${enc(customerId)}/activities?${q.toString()}`);
    },
    logFollowUp: (customerId: string, input: NewFollowUp) =>
      http.post<LoggedFollowUp>(`/api/customers/${enc(customerId)}/follow-ups`, input),
    openReminders: () => http.get<{ items: Reminder[] }>('/api/reminders?status=open'),
    addReminder: (input: { customerId?: string; dueAt: string; text: string }) =>
      http.post<Reminder>('/api/reminders', input),
    completeReminder: (id: string) =>
      http.post<{ id: string; status: string }>(`/api/reminders/${enc(id)}/complete`, { status: 'done' }),
    jssdkConfig: (url: string) => http.get<JssdkConfig>(`/api/wecom/jssdk-config?url=${enc(url)}`),
  };
}

export type CrmApi = ReturnType<typeof createCrmApi>;
