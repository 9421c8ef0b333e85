import { Types } from 'mongoose';
import { Unavailable } from '../../errors.js';
import type { InboundEventKind } from '../../messaging/inbound-event.js';
import type { InboxHandler } from '../../queue/inbox/inbox-handlers.js';
import { PermanentHandlerError } from '../../queue/inbox/permanent-handler-error.js';
import type { OutboundSender } from '../../queue/outbox/outbound-senders.js';
import { PermanentSendError } from '../../queue/outbox/send-errors.js';
import type { WecomApiClient } from './api/wecom-api-client.js';
import type { WecomHandlerDeps } from './handlers/handler-deps.js';
import { createWecomSender } from './send-wecom-message.js';
import type { WecomRuntime } from './wecom-runtime.js';

/**
 * The handlers and the sender are written for one tenant and its client. The default tenant keeps
 * the ones built once with the env-configured app; an event or message of another tenant gets the
 * same code bound to that tenant and the client of its stored WeCom app. A tenant without one
 * can never be served: that is permanent, not retried.
 */
export function perTenantHandler<K extends InboundEventKind>(
  defaults: WecomHandlerDeps,
  runtime: Pick<WecomRuntime, 'clientForTenantAsync'>,
  make: (deps: WecomHandlerDeps) => InboxHandler<K>,
): InboxHandler<K> {
  const forDefault = make(defaults);
  return async (event) => {
    if (event.tenantId === String(defaults.tenantId)) return forDefault(event);
    const tenantId = new Types.ObjectId(event.tenantId);
    const client = await tenantClient(runtime, tenantId, (message) => new PermanentHandlerError(message));
    return make({ ...defaults, tenantId, client: () => client })(event);
  };
}

export function perTenantSender(defaultTenantId: Types.ObjectId, runtime: Pick<WecomRuntime, 'client' | 'clientForTenantAsync'>): OutboundSender {
  const forDefault = createWecomSender(runtime.client);
  return async (message) => {
    if (message.tenantId === String(defaultTenantId)) return forDefault(message);
    const client = await tenantClient(runtime, new Types.ObjectId(message.tenantId), (text) => new PermanentSendError(text));
    return createWecomSender(() => client)(message);
  };
}

export async function tenantClient(
  runtime: Pick<WecomRuntime, 'clientForTenantAsync'>,
  tenantId: Types.ObjectId,
  permanent: (message: string) => Error,
): Promise<WecomApiClient> {
  try {
    return await runtime.clientForTenantAsync(tenantId, { requireAgent: false });
  } catch (error) {
    if (error instanceof Unavailable) throw permanent(`no WeCom app is configured for tenant ${String(tenantId)}`);
    throw error;
  }
}
