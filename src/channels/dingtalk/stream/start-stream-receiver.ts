import axios from 'axios';
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import { CrmError } from '../../../errors.js';
import type { InboundEvent } from '../../../messaging/inbound-event.js';
import type { Logger } from '../../../logger.js';
import { normalizeStreamMessage, STREAM_TOPIC_ROBOT, type StreamDownstream } from './normalize-stream-message.js';

export interface StreamReceiverOptions {
  appKey: string;
  appSecret: string;
  tenantId: string;
  /** `DINGTALK_OPENAPI_BASE`: the gateway lives on the v1.0 host (`/v1.0/gateway/connections/open`). */
  openApiBase: string;
  /** Persists one event (the inbox's acceptInboundEvent). */
  accept: (event: InboundEvent) => Promise<unknown>;
  logger: Logger;
}

export interface StreamReceiver {
  /** Resolves once the WebSocket is open. */
  readonly connected: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The official SDK client with two changes: the gateway URL follows our configuration (the SDK
 * hard-codes api.dingtalk.com, which would make it untestable and unusable with a proxy host), and
 * events are acknowledged only after they are stored — the SDK's listener must answer
 * synchronously, which would acknowledge events we might still lose.
 */
class ChatCrmStreamClient extends DWClient {
  constructor(
    private readonly options: StreamReceiverOptions,
    private readonly handle: (frame: DWClientDownStream) => Promise<'SUCCESS' | 'LATER'>,
  ) {
    super({ clientId: options.appKey, clientSecret: options.appSecret });
  }

  override async getEndpoint(): Promise<this> {
    const res = await axios.post(
      `${this.options.openApiBase.replace(/\/+$/, '')}/v1.0/gateway/connections/open`,
      {
        clientId: this.options.appKey,
        clientSecret: this.options.appSecret,
        ua: 'chatcrm',
        subscriptions: this.getConfig().subscriptions,
      },
      { headers: { Accept: 'application/json' }, timeout: 10_000, proxy: false },
    );
    const { endpoint, ticket } = (res.data ?? {}) as { endpoint?: unknown; ticket?: unknown };
    if (typeof endpoint !== 'string' || typeof ticket !== 'string') throw new Error('Stream gateway returned no endpoint/ticket');
    // dw_url is private in the SDK's types; it is the field _connect() dials.
    (this as unknown as { dw_url: string }).dw_url = `${endpoint}?ticket=${encodeURIComponent(ticket)}`;
    return this;
  }

  override onEvent(message: DWClientDownStream): void {
    void this.handle(message).then((status) => this.send(message.headers.messageId, { status, message: status === 'SUCCESS' ? 'OK' : 'retry' }));
  }
}

/**
 * Second receiver for teams without a public URL: an outbound WebSocket to DingTalk's Stream
 * gateway. Robot messages and events become the same InboundEvents as over HTTP and go to the
 * same inbox; replies still go through the outbox (the Stream channel cannot carry them).
 */
export function startDingTalkStreamReceiver(options: StreamReceiverOptions): StreamReceiver {
  const log = options.logger.child({ receiver: 'dingtalk-stream' });

  async function handle(frame: DWClientDownStream): Promise<'SUCCESS' | 'LATER'> {
    try {
      const event = normalizeStreamMessage(frame as StreamDownstream, { tenantId: options.tenantId });
      if (event) await options.accept(event);
      return 'SUCCESS';
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'invalid') {
        // Malformed frames will never become valid: acknowledge so they are not re-pushed forever.
        log.warn({ topic: frame.headers.topic, messageId: frame.headers.messageId }, 'unusable Stream frame dropped');
        return 'SUCCESS';
      }
      log.warn({ err: { message: (error as Error).message } }, 'Stream frame not stored; asking for a re-push');
      return 'LATER';
    }
  }

  const client = new ChatCrmStreamClient(options, handle);
  client.registerCallbackListener(STREAM_TOPIC_ROBOT, (frame) => {
    void handle(frame).then((status) => {
      // Robot messages are not re-pushed whatever we answer; a stored one is simply acknowledged.
      if (status === 'SUCCESS') client.socketCallBackResponse(frame.headers.messageId, null);
    });
  });
  let check: NodeJS.Timeout | undefined;
  const connected = new Promise<void>((resolve) => {
    check = setInterval(() => {
      if (client.connected) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    check.unref();
  });
  void client.connect();
  return {
    connected,
    async stop() {
      clearInterval(check);
      client.disconnect();
    },
  };
}
