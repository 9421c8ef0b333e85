import { z } from 'zod';
import type { Platform } from './inbound-event.js';

// A Record over Platform fails to compile when a platform is added to the type but not here.
const platforms: Record<Platform, true> = { wecom: true, dingtalk: true };
export const platformSchema = z.enum(Object.keys(platforms) as [Platform, ...Platform[]]);

/** Edge validation of what a channel hands to the inbox (the `InboundEvent` shape). */
export const inboundEventSchema = z.object({
  tenantId: z.string().min(1).max(128),
  platform: platformSchema,
  dedupeKey: z.string().min(1).max(512),
  kind: z.string().min(1).max(128),
  actor: z
    .object({ platformUserId: z.string().min(1).max(256), name: z.string().max(256).optional() })
    .optional(),
  payload: z.record(z.string(), z.unknown()),
  receivedAt: z.date(),
});
