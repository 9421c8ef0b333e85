import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CryptoVector {
  name: string;
  token: string;
  encodingAESKey: string;
  receiveId: string;
  kind: 'url-verify' | 'url-verify-must-fail' | 'message' | 'encrypt';
  query?: { msg_signature: string; timestamp: string; nonce: string; echostr?: string };
  body?: string;
  encrypt?: string;
  expectedPlain?: string;
  expectedFields?: Record<string, string>;
  random?: string;
  timestamp?: string;
  nonce?: string;
  plain?: string;
  expectedEncrypt?: string;
  expectedSignature?: string;
}

export interface JssdkVector {
  name: string;
  jsapi_ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
  expectedSignature: string;
}

const file = fileURLToPath(new URL('./wecom.json', import.meta.url));
export const wecomVectors = JSON.parse(readFileSync(file, 'utf8')) as { vectors: CryptoVector[]; jssdk: JssdkVector[] };
