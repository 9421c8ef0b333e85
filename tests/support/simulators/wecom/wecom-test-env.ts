import { createLogger } from '../../../../src/logger.js';
import { startTestApp, type TestApp } from '../../test-app.js';
import { contactEventXml, type ContactEventInput } from './callback-xml.js';
import { buildSignedCallback, type BuildOptions, type CallbackApp } from './signed-callback.js';
import { startWecomSimulator, type WecomSimulator } from './wecom-simulator.js';

export const TEST_AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const TEST_TOKEN = 'chatcrmWecomToken01';

export interface WecomTestEnv {
  sim: WecomSimulator;
  app: TestApp;
  callbackApp: CallbackApp;
  /** POSTs a signed, encrypted callback exactly as WeCom would. */
  post(plaintext: string, options?: BuildOptions): Promise<{ status: number; body: string }>;
  /** A 客户联系 event plaintext for this corp. */
  contactEvent(input: Omit<ContactEventInput, 'corpId'>): string;
  drain(): Promise<number>;
  drainOutbox(): Promise<number>;
  close(): Promise<void>;
}

const silent = createLogger('silent');

/** The real app (WeCom env pointing at a fresh simulator) over HTTP. Call useTestDatabase() first. */
export async function startWecomTestEnv(env: Record<string, string> = {}): Promise<WecomTestEnv> {
  const sim = await startWecomSimulator();
  const app = await startTestApp({
    env: {
      WECOM_CORP_ID: sim.corpId,
      WECOM_SECRET: sim.secret,
      WECOM_AGENT_ID: String(sim.agentId),
      WECOM_TOKEN: TEST_TOKEN,
      WECOM_AES_KEY: TEST_AES_KEY,
      WECOM_API_BASE: sim.baseUrl,
      ...env,
    },
  });
  const callbackApp: CallbackApp = { token: TEST_TOKEN, encodingAesKey: TEST_AES_KEY, corpId: sim.corpId, agentId: sim.agentId };
  return {
    sim,
    app,
    callbackApp,
    async post(plaintext, options = {}) {
      const cb = buildSignedCallback(callbackApp, plaintext, options);
      const response = await fetch(app.baseUrl + cb.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: cb.body });
      return { status: response.status, body: await response.text() };
    },
    contactEvent: (input) => contactEventXml({ corpId: sim.corpId, ...input }),
    drain: () => app.service.deps.inbox.drain({ logger: silent }),
    drainOutbox: () => app.service.deps.outbox.drain({ logger: silent }),
    async close() {
      await app.close();
      await sim.close();
    },
  };
}
