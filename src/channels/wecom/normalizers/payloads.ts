/** Payloads of the WeCom-originated InboundEvent kinds that have no schema of their own
 *  (contact events: contactEventPayloadSchema in handlers/handler-deps.ts). */

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
