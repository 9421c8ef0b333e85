import { randomBytes } from 'node:crypto';
import type { InboundEvent } from '../../src/messaging/inbound-event.js';
import { createLogger } from '../../src/logger.js';

export const silentLogger = createLogger('silent');

export function makeEvent(overrides: Partial<InboundEvent<'unknown'>> = {}): InboundEvent<'unknown'> {
  return {
    tenantId: 't1',
    platform: 'wecom',
    dedupeKey: `k-${randomBytes(6).toString('hex')}`,
    kind: 'unknown',
    actor: { platformUserId: 'zhangsan', name: '张三' },
    payload: { n: 1, text: '你好 👋' },
    receivedAt: new Date(),
    ...overrides,
  };
}
