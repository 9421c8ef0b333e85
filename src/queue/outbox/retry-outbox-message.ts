import { requeueDead } from '../requeue-dead.js';
import { OutboxMessage } from './outbox-message-model.js';
import { outboxWakeSignal } from './outbox-wake-signal.js';

/**
 * Gives a dead message a fresh set of attempts (admin action after fixing the cause); see
 * requeueDead. A sent message is never retried: it would be delivered twice.
 */
export async function retryOutboxMessage(tenantId: string, id: string, now: Date = new Date()): Promise<void> {
  await requeueDead(OutboxMessage, tenantId, id, { what: 'outbox message', rule: 'messages can be retried', wake: outboxWakeSignal, now });
}
