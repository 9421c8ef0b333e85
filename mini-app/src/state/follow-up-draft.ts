import { isNextChoice, type NextChoice } from '../util/next-choice.js';

/** An unsaved follow-up, kept per customer in localStorage until it is saved. */
export interface FollowUpDraft {
  content: string;
  channel: string;
  next: NextChoice;
  stage: string | null;
  /** Set on the first save attempt: a retry after a reload is recognised by the server. */
  requestId: string | null;
}

const key = (customerId: string) => `chatcrm.sidebar.followUpDraft.${customerId}`;

export function loadDraft(customerId: string): FollowUpDraft | null {
  try {
    const raw = localStorage.getItem(key(customerId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<FollowUpDraft>;
    if (typeof d.content !== 'string' || typeof d.channel !== 'string' || !isNextChoice(d.next)) return null;
    return {
      content: d.content,
      channel: d.channel,
      next: d.next,
      stage: typeof d.stage === 'string' ? d.stage : null,
      requestId: typeof d.requestId === 'string' ? d.requestId : null,
    };
  } catch {
    return null;
  }
}

export function saveDraft(customerId: string, draft: FollowUpDraft): void {
  try {
    localStorage.setItem(key(customerId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft then lasts as long as the page.
  }
}

export function clearDraft(customerId: string): void {
  try {
    localStorage.removeItem(key(customerId));
  } catch {
    // Nothing stored.
  }
}

export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `sb-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
