import { createHash } from 'node:crypto';

export interface JssdkSignatureInput {
  ticket: string;
  nonceStr: string;
  /** Seconds, not milliseconds (milliseconds give error 40093). */
  timestamp: number | string;
  url: string;
}

/**
 * Signature for wx.config (corp ticket) and wx.agentConfig (app ticket): same algorithm, fixed
 * key order, raw values. The page URL is signed without its fragment, as the client does.
 */
export function jssdkSignature(input: JssdkSignatureInput): string {
  const url = input.url.split('#', 1)[0] ?? '';
  const string1 = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${url}`;
  return createHash('sha1').update(string1, 'utf8').digest('hex');
}
