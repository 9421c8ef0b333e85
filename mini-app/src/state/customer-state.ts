import { inject, provide, ref, shallowRef, type InjectionKey, type Ref } from 'vue';
import type { Activity, Customer, ExternalContact } from '../api/api-types.js';
import type { CrmApi } from '../api/crm-api.js';

/**
 * The one source of truth for the open client: the customer, its WeCom contact, the latest
 * follow-up note, and a revision every view of the client's history (timeline, deals) watches.
 * Every action reports here — with the server's answer when it has one — and everything that
 * shows the client refreshes from it.
 */
export interface CustomerState {
  customer: Ref<Customer>;
  contact: Ref<ExternalContact | null>;
  latestNote: Ref<Activity | null>;
  /** Bumped after every change: history views reload. */
  revision: Ref<number>;
  /** A change whose answer is the customer as it now stands (PATCH, follow-up). */
  applied(updated: Customer): void;
  /** A change that answered something else (reminder, deal, WeCom tags): re-read the customer. */
  changed(): Promise<void>;
  setContact(contact: ExternalContact): void;
  loadLatestNote(): Promise<void>;
}

const KEY: InjectionKey<CustomerState> = Symbol('customer-state');

export function provideCustomerState(
  api: CrmApi,
  initial: { customer: Customer; contact: ExternalContact | null },
  onCustomer: (c: Customer) => void,
  onContact: (c: ExternalContact) => void,
): CustomerState {
  const customer = shallowRef(initial.customer);
  const contact = shallowRef(initial.contact);
  const latestNote = shallowRef<Activity | null>(null);
  const revision = ref(0);
  let noteRequest = 0;

  async function loadLatestNote(): Promise<void> {
    const mine = ++noteRequest;
    try {
      const page = await api.activities(customer.value.id, null, 1, 'follow_up');
      if (mine === noteRequest) latestNote.value = page.items[0] ?? null;
    } catch {
      // The card still works without it; the timeline tab shows the error with a retry.
    }
  }

  const state: CustomerState = {
    customer,
    contact,
    latestNote,
    revision,
    applied(updated) {
      customer.value = updated;
      onCustomer(updated);
      revision.value += 1;
      void loadLatestNote();
    },
    async changed() {
      revision.value += 1;
      void loadLatestNote();
      try {
        const updated = await api.customer(customer.value.id);
        customer.value = updated;
        onCustomer(updated);
      } catch {
        // Shown as it was; the next action refreshes again.
      }
    },
    setContact(c) {
      contact.value = c;
      onContact(c);
    },
    loadLatestNote,
  };
  provide(KEY, state);
  return state;
}

export function useCustomerState(): CustomerState {
  const state = inject(KEY);
  if (!state) throw new Error('useCustomerState() outside CustomerWorkspace');
  return state;
}
