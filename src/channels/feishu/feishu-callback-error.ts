/**
 * Thrown when a Feishu callback does not verify or decrypt. The message is the same for every cause
 * so a caller learns nothing; `reason` is for our logs only.
 */
export class FeishuCallbackError extends Error {
  override name = 'FeishuCallbackError';
  constructor(
    readonly reason:
      | 'not_encrypted'
      | 'bad_encrypt'
      | 'missing_headers'
      | 'stale_timestamp'
      | 'bad_signature'
      | 'bad_token'
      | 'not_an_event',
  ) {
    super('Feishu callback verification failed');
  }
}
