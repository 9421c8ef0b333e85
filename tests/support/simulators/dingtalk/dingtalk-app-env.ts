import type { DingTalkSimulator } from './dingtalk-simulator.js';

/**
 * The service configuration for a DingTalk app living on the simulator: app and robot credentials,
 * both API bases, and the event-callback token / AES key the test signs and encrypts with.
 */
export function dingtalkAppEnv(sim: DingTalkSimulator, callback: { token: string; aesKey: string }): Record<string, string> {
  return {
    DINGTALK_APP_KEY: sim.appKey,
    DINGTALK_APP_SECRET: sim.appSecret,
    DINGTALK_AGENT_ID: sim.agentId,
    DINGTALK_ROBOT_CODE: sim.robotCode,
    DINGTALK_TOKEN: callback.token,
    DINGTALK_AES_KEY: callback.aesKey,
    DINGTALK_API_BASE: sim.baseUrl,
    DINGTALK_OPENAPI_BASE: sim.baseUrl,
  };
}
