import { InvalidInput } from '../../errors.js';

/** Why a callback was refused; for logs and metrics only, never sent back to the caller. */
export type CallbackRejectReason =
  | 'signature'
  | 'stale_timestamp'
  | 'base64'
  | 'length'
  | 'padding'
  | 'receive_id'
  | 'encoding'
  | 'xml'
  | 'too_large';

/**
 * A callback we refuse to trust. The message is deliberately identical for every reason so a
 * forger learns nothing about which check failed (padding-oracle style probing).
 */
export class WecomCallbackRejected extends InvalidInput {
  override name = 'WecomCallbackRejected';
  constructor(readonly reason: CallbackRejectReason) {
    super('invalid WeCom callback signature or payload');
  }
}
