import type { Types } from 'mongoose';
import { createDingTalkRuntime, type DingTalkRuntime } from '../../../../src/channels/dingtalk/dingtalk-settings.js';
import type { DingTalkSimulator } from './dingtalk-simulator.js';

/** The DingTalk channel runtime for a tenant whose app and robot live on the simulator. */
export function dingtalkRuntimeOnSimulator(sim: DingTalkSimulator, tenantId: Types.ObjectId): DingTalkRuntime {
  return createDingTalkRuntime({
    tenantId: tenantId.toHexString(),
    appKey: sim.appKey,
    appSecret: sim.appSecret,
    agentId: sim.agentId,
    robotCode: sim.robotCode,
    apiBase: sim.baseUrl,
    openApiBase: sim.baseUrl,
  });
}
