import { createDingTalkMessageRenderer } from '../../src/channels/dingtalk/dingtalk-message-renderer.js';
import { createFeishuMessageRenderer } from '../../src/channels/feishu/feishu-message-renderer.js';
import { createSlackMessageRenderer } from '../../src/channels/slack/slack-message-renderer.js';
import { createWecomMessageRenderer } from '../../src/channels/wecom/wecom-message-renderer.js';
import { createMessageRenderers, type MessageRenderers } from '../../src/messaging/message-renderers.js';

/** The renderers the channel modules register, for tests that build jobs or run commands without a service. */
export function renderersUnderTest(): MessageRenderers {
  const renderers = createMessageRenderers();
  renderers.add('wecom', createWecomMessageRenderer());
  renderers.add('dingtalk', createDingTalkMessageRenderer());
  renderers.add('feishu', createFeishuMessageRenderer());
  renderers.add('slack', createSlackMessageRenderer());
  return renderers;
}
