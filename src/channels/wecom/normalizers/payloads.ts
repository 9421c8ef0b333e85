/** Payloads of the WeCom-originated InboundEvent kinds (consumed by the inbox handlers). */

interface ContactEventBase {
  externalUserId: string;
  /** The staff member's WeCom UserID. */
  staffUserId: string;
  /** CreateTime of the callback, ISO string (order-independence is decided on it). */
  occurredAt: string;
  [key: string]: unknown;
}

export interface ContactAddedPayload extends ContactEventBase {
  state?: string;
  welcomeCode?: string;
  /** add_half_external_contact: the customer added the member without verification (one-way). */
  half: boolean;
}

export type ContactUpdatedPayload = ContactEventBase;

export interface ContactRemovedPayload extends ContactEventBase {
  /** e.g. DELETE_BY_TRANSFER (removed by in-service transfer); absent otherwise. */
  source?: string;
}

export type ContactStaffRemovedPayload = ContactEventBase;

export interface ContactTransferFailedPayload extends ContactEventBase {
  failReason?: string;
}

export interface TagChangedPayload {
  id?: string;
  tagType?: string;
  changeType: string;
  strategyId?: string;
  occurredAt: string;
  [key: string]: unknown;
}

export interface UnknownPayload {
  msgType?: string;
  event?: string;
  changeType?: string;
  fields: Record<string, string>;
  plaintext: string;
  [key: string]: unknown;
}
