import type { InboundEvent } from '../../../messaging/inbound-event.js';
import type { FlatXmlRecord } from '../parse-callback-xml.js';

export interface NormalizeContext {
  tenantId: string;
  /** The decrypted callback text; events are deduplicated on its hash. */
  plaintext: string;
  receivedAt: Date;
}

/** Turns one decrypted callback into the neutral event, or null when its fields don't fit (→ stored raw). */
export type WecomNormalizer = (fields: FlatXmlRecord, context: NormalizeContext) => InboundEvent | null;
