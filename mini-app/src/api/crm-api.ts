import type {
  Activity,
  ChurnRisk,
  ContactView,
  Contract,
  CorpTagGroup,
  Deal,
  NewDeal,
  Quote,
  SalesSettings,
  Customer,
  CustomerPatch,
  CustomFieldDefinition,
  ExternalContact,
  JssdkConfig,
  LoggedFollowUp,
  Me,
  NewFollowUp,
  OpenTicket,
  Page,
  Reminder,
  SurveyInvitation,
  SurveyTemplateSummary,
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
    createCustomer: (externalUserId: string, input: { name?: string; company?: string; phone?: string; customFields?: Record<string, unknown> }) =>
      http.post<{ contact: ExternalContact; customer: Customer }>(
        `/api/contacts/${enc(externalUserId)}/customer`,
        input,
      ),
    unbind: (externalUserId: string, customerId: string) =>
      http.post<ContactView>(`/api/contacts/${enc(externalUserId)}/unbind`, { customerId }),
    /** Reads the contact from WeCom now (one the callbacks have not brought in yet). */
    syncContact: (externalUserId: string) =>
      http.post<{ contact: ExternalContact }>(`/api/wecom/contacts/${enc(externalUserId)}/sync`, {}),
    corpTags: () => http.get<{ groups: CorpTagGroup[] }>('/api/wecom/corp-tags'),
    markCorpTags: (externalUserId: string, change: { add: string[]; remove: string[] }) =>
      http.post<{ contact: ExternalContact }>(`/api/wecom/contacts/${enc(externalUserId)}/corp-tags`, change),
    searchCustomers: (q: string) => http.get<Page<Customer>>(`/api/customers?${new URLSearchParams({ q, limit: '10' }).toString()}`),
    newCustomer: (input: { name: string; company?: string; phones?: string[] }) => http.post<Customer>('/api/customers', input),
    customer: (id: string) => http.get<Customer>(`/api/customers/${enc(id)}`),
    churn: (customerId: string) => http.get<{ churn: ChurnRisk }>(`/api/predictions/customers/${enc(customerId)}`),
    patchCustomer: (id: string, patch: CustomerPatch) => http.patch<Customer>(`/api/customers/${enc(id)}`, patch),
    activities: (customerId: string, cursor: string | null, limit = 20, type?: string) => {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor) q.set('cursor', cursor);
      if (type) q.set('type', type);
      return http.get<Page<Activity>>(`/api/customers/${enc(customerId)}/activities?${q.toString()}`);
    },
    logFollowUp: (customerId: string, input: NewFollowUp, signal?: AbortSignal) =>
      http.post<LoggedFollowUp>(`/api/customers/${enc(customerId)}/follow-ups`, input, { signal }),
    salesSettings: () => http.get<SalesSettings>('/api/sales-settings'),
    openDeals: (customerId: string) =>
      http.get<Page<Deal>>(`/api/deals?${new URLSearchParams({ customerId, status: 'open', limit: '20' }).toString()}`),
    contracts: (customerId: string) =>
      http.get<Page<Contract>>(`/api/contracts?${new URLSearchParams({ customerId, limit: '20' }).toString()}`),
    openTickets: (customerId: string) => http.get<{ items: OpenTicket[] }>(`/api/customers/${enc(customerId)}/open-tickets`),
    latestQuote: (customerId: string) => http.get<{ quote: Quote | null }>(`/api/customers/${enc(customerId)}/latest-quote`),
    createDeal: (input: NewDeal, signal?: AbortSignal) => http.post<Deal>('/api/deals', input, { signal }),
    openReminders: () => http.get<{ items: Reminder[] }>('/api/reminders?status=open'),
    addReminder: (input: { customerId?: string; dueAt: string; text: string }, signal?: AbortSignal) =>
      http.post<Reminder>('/api/reminders', input, { signal }),
    completeReminder: (id: string) =>
      http.post<{ id: string; status: string }>(`/api/reminders/${enc(id)}/complete`, { status: 'done' }),
    customFields: () => http.get<{ items: CustomFieldDefinition[] }>('/api/custom-fields'),
    surveyTemplates: () => http.get<{ items: SurveyTemplateSummary[] }>('/api/surveys/templates'),
    inviteToSurvey: (customerId: string, templateKey: string) =>
      http.post<SurveyInvitation>('/api/surveys/invitations', { customerId, templateKey }),
    jssdkConfig: (url: string) => http.get<JssdkConfig>(`/api/wecom/jssdk-config?url=${enc(url)}`),
  };
}

export type CrmApi = ReturnType<typeof createCrmApi>;
