import { randomBytes } from 'node:crypto';
import type { InboundEvent } from '../../src/queue/inbox/inbound-event.js';
import { createLogger } from '../../src/logger.js';

export const silentLogger = createLogger('silent');

export function makeEvent(overrides: Partial<InboundEvent> = {}): InboundEvent {
  return {
    tenantId: 't1',
    platform: 'wecom',
    dedupeKey: `k-${randomBytes(6).toString('hex')}`,
    kind: 'test.kind',
    actor: { platformUserId: 'zhangsan', name: '张三' },
    payload: { n: 1, text: '你好 👋' },
    receivedAt: new Date(),
    ...overrides,
  };
}
