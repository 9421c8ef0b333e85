// `npm run bench:commands`: median time from a chat-command callback to its reply being queued.
//
// Runs the real service in-process on 127.0.0.1 (embedded MongoDB-wire server unless MONGODB_URI
// is set; a throw-away database either way) with the inbox worker running as in production,
// posts signed DingTalk robot callbacks, encrypted WeCom app messages, encrypted and signed Feishu
// im.message.receive_v1 events and v0-signed Slack slash commands one at a time — a mix of
// lookups, writes and lists — and reads two figures per command from the database:
//   server: the event's receivedAt (set by the callback route) → the reply's createdAt in the outbox
//   client: the HTTP request leaving this script → the reply seen in the outbox (polled every 2 ms)
// No platform is contacted: the outbox worker is not started and every API base is a closed port.
// BENCH_N (default 120) commands per platform; the run stops after BENCH_MAX_SECONDS (default 120).
import { replyDedupeKey } from '../src/features/commands/handle-command-event.js';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { buildService } from '../src/app/build-service.js';
import { computeRobotSign } from '../src/channels/dingtalk/verify-robot-sign.js';
import { encryptCallback } from '../src/channels/wecom/encrypt.js';
import { encryptFeishuEvent } from '../src/channels/feishu/decrypt-event.js';
import { computeFeishuSignature } from '../src/channels/feishu/verify-signature.js';
import { computeSlackSignature } from '../src/channels/slack/verify-request.js';
import { msgSignature as computeSignature } from '../src/channels/shared/msg-crypt.js';
import { loadConfig } from '../src/config.js';
import type { Actor } from '../src/crm/actor.js';
import { createCustomer } from '../src/crm/customers/create-customer.js';
import { Staff } from '../src/crm/models/staff.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { startMongoWireServer } from '../src/db/mongo-wire-server.js';
import { InboxEvent } from '../src/queue/inbox/inbox-event-model.js';
import { createLogger } from '../src/logger.js';
import { OutboxMessage } from '../src/queue/outbox/outbox-message-model.js';
import { ascending, median, percentile } from './support/percentile.js';

const N = Number(process.env.BENCH_N ?? 120);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 120);
const CLOSED_PORT = 'http://127.0.0.1:9';
const APP_SECRET = 'bench-app-secret-0123456789';
const FEISHU = { appId: 'cli_bench0001', token: 'bench-feishu-verification-token', encryptKey: 'bench-feishu-encrypt-key' };
const SLACK_SIGNING_SECRET = 'bench-slack-signing-secret';
const WECOM = { corpId: 'wwbench0001', agentId: '1000002', token: 'benchToken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

const COMMANDS = [
  '/客户 张三',
  '/跟进 张三 电话沟通，对报价满意，下周二再联系',
  '/待办',
  '/客户 C00002',
  '/阶段 李四 意向',
  '/提醒 张三 明天上午10点 发报价',
  '/标签 李四 +VIP',
  '/报表 本周',
  '/帮助',
  '/客护 张三',
];

function summary(label: string, values: number[]): string {
  const s = ascending(values);
  return `${label.padEnd(34)} n=${String(s.length).padStart(3)}  median=${median(s).toFixed(0).padStart(4)} ms  p90=${percentile(s, 90).toFixed(0).padStart(4)} ms  max=${(s[s.length - 1] ?? NaN).toFixed(0).padStart(4)} ms`;
}

async function main(): Promise<void> {
  const mongo = process.env.MONGODB_URI ? null : await startMongoWireServer();
  const uri = process.env.MONGODB_URI ?? mongo!.uri;
  await connectDatabase(uri, `bench_${randomBytes(4).toString('hex')}`);

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    CALLBACK_RATE_LIMIT_PER_MINUTE: '1000000',
    CALLBACK_RATE_LIMIT_BURST: '1000000',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DINGTALK_APP_KEY: 'dingbenchappkey',
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_ROBOT_CODE: 'dingbenchrobot',
    DINGTALK_API_BASE: CLOSED_PORT,
    DINGTALK_OPENAPI_BASE: CLOSED_PORT,
    WECOM_API_BASE: CLOSED_PORT,
    WECOM_CORP_ID: WECOM.corpId,
    WECOM_AGENT_ID: WECOM.agentId,
    WECOM_SECRET: 'bench-wecom-secret',
    WECOM_TOKEN: WECOM.token,
    WECOM_AES_KEY: WECOM.aesKey,
    FEISHU_APP_ID: FEISHU.appId,
    FEISHU_APP_SECRET: APP_SECRET,
    FEISHU_VERIFICATION_TOKEN: FEISHU.token,
    FEISHU_ENCRYPT_KEY: FEISHU.encryptKey,
    FEISHU_API_BASE: CLOSED_PORT,
    SLACK_SIGNING_SECRET,
    SLACK_API_BASE: CLOSED_PORT,
  });
  const service = await buildService(config, createLogger('silent'));
  const server = service.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = service.deps.inbox.startWorker({ concurrency: 4, logger: createLogger('silent') });

  try {
    const tenantId = service.deps.defaultTenantId;
    // The same person on every platform: WeCom user id, DingTalk staff id, Feishu open_id, Slack user id.
    const staff = await Staff.create({
      tenantId,
      userId: 'bench-sales',
      dingtalkUserId: 'bench-sales',
      feishuOpenId: 'ou_bench_sales',
      slackUserId: 'U_BENCH_SALES',
      name: '压测销售',
      role: 'sales',
      departments: ['bench'],
    });
    const actor: Actor = { tenantId, staffId: staff._id, role: 'sales', departments: ['bench'], source: 'import', name: staff.name };
    await createCustomer(actor, { name: '张三', phones: ['13800138000'], company: '星河科技' });
    await createCustomer(actor, { name: '李四' });
    for (let i = 0; i < 200; i += 1) await createCustomer(actor, { name: `客户${i}` });

    interface Sample {
      text: string;
      serverMs: number;
      clientMs: number;
    }
    const deadline = Date.now() + MAX_SECONDS * 1000;

    /** Posts one callback, then waits for its reply in the outbox; `post` returns the keys to look for. */
    async function measure(text: string, post: () => Promise<{ replyKey: string; event: Record<string, unknown> }>): Promise<Sample> {
      const sentAt = Date.now();
      const { replyKey, event: eventFilter } = await post();
      let reply: { createdAt?: Date } | null = null;
      while (!reply && Date.now() < deadline) {
        reply = await OutboxMessage.findOne({ tenantId: String(tenantId), dedupeKey: replyKey }, { createdAt: 1 }).lean();
        if (!reply) await new Promise((r) => setTimeout(r, 2));
      }
      const seenAt = Date.now();
      if (!reply?.createdAt) throw new Error(`no reply queued for "${text}"`);
      const event = await InboxEvent.findOne(eventFilter, { receivedAt: 1 }).lean();
      return { text, serverMs: reply.createdAt.getTime() - new Date(event!.receivedAt).getTime(), clientMs: seenAt - sentAt };
    }

    const dingtalk = (text: string) =>
      measure(text, async () => {
        const msgId = `bench${randomBytes(8).toString('hex')}`;
        const timestamp = String(Date.now());
        const body = {
          msgId,
          msgtype: 'text',
          text: { content: ` ${text}` },
          conversationType: '1',
          conversationId: 'cidbench',
          senderStaffId: 'bench-sales',
          senderNick: '压测销售',
          sessionWebhook: `${CLOSED_PORT}/robot/sendBySession?session=${msgId}`,
          sessionWebhookExpiredTime: Date.now() + 3_600_000,
          robotCode: 'dingbenchrobot',
        };
        const res = await fetch(`${base}/callbacks/dingtalk/robot`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', timestamp, sign: computeRobotSign(timestamp, APP_SECRET) },
          body: JSON.stringify(body),
        });
        if (res.status !== 200) throw new Error(`DingTalk callback answered ${res.status}: ${await res.text()}`);
        return { replyKey: replyDedupeKey(`dingtalk:robot:${msgId}`), event: { dedupeKey: `dingtalk:robot:${msgId}` } };
      });

    let wecomMsgId = Date.now() * 1000;
    const wecom = (text: string) =>
      measure(text, async () => {
        const msgId = String((wecomMsgId += 1));
        const xml =
          `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[bench-sales]]></FromUserName>` +
          `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
          `<Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId><AgentID>${WECOM.agentId}</AgentID></xml>`;
        const encrypt = encryptCallback(WECOM.aesKey, xml, WECOM.corpId);
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomBytes(4).toString('hex');
        const query = new URLSearchParams({ msg_signature: computeSignature(WECOM.token, timestamp, nonce, encrypt), timestamp, nonce });
        const res = await fetch(`${base}/callbacks/wecom?${query.toString()}`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${WECOM.agentId}]]></AgentID></xml>`,
        });
        if (res.status !== 200) throw new Error(`WeCom callback answered ${res.status}: ${await res.text()}`);
        return { replyKey: replyDedupeKey(`msg:${msgId}`), event: { kind: 'command', 'payload.msgId': msgId } };
      });

    const feishu = (text: string) =>
      measure(text, async () => {
        const eventId = randomBytes(12).toString('hex');
        const plain = {
          schema: '2.0',
          header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: FEISHU.token, app_id: FEISHU.appId, tenant_key: 'bench' },
          event: {
            sender: { sender_id: { open_id: 'ou_bench_sales' }, sender_type: 'user', tenant_key: 'bench' },
            message: {
              message_id: `om_${eventId}`,
              chat_id: 'oc_bench',
              chat_type: 'p2p',
              message_type: 'text',
              content: JSON.stringify({ text }),
            },
          },
        };
        const body = JSON.stringify({ encrypt: encryptFeishuEvent(JSON.stringify(plain), FEISHU.encryptKey) });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomBytes(6).toString('hex');
        const res = await fetch(`${base}/callbacks/feishu/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-lark-request-timestamp': timestamp,
            'x-lark-request-nonce': nonce,
            'x-lark-signature': computeFeishuSignature(timestamp, nonce, FEISHU.encryptKey, body),
          },
          body,
        });
        if (res.status !== 200) throw new Error(`Feishu callback answered ${res.status}: ${await res.text()}`);
        return { replyKey: replyDedupeKey(`feishu:event:${eventId}`), event: { dedupeKey: `feishu:event:${eventId}` } };
      });

    const slack = (text: string) =>
      measure(text, async () => {
        const triggerId = `${Date.now()}.${randomBytes(8).toString('hex')}`;
        // `/crm 客户 张三`: the slash command carries the command word without its slash.
        const body = new URLSearchParams({
          team_id: 'T_BENCH',
          channel_id: 'C_BENCH',
          user_id: 'U_BENCH_SALES',
          command: '/crm',
          text: text.replace(/^[/／]/, ''),
          response_url: `${CLOSED_PORT}/commands/${triggerId}`,
          trigger_id: triggerId,
        }).toString();
        const timestamp = String(Math.floor(Date.now() / 1000));
        const res = await fetch(`${base}/callbacks/slack/commands`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': timestamp,
            'x-slack-signature': computeSlackSignature(SLACK_SIGNING_SECRET, timestamp, body),
          },
          body,
        });
        if (res.status !== 200) throw new Error(`Slack command answered ${res.status}: ${await res.text()}`);
        return { replyKey: replyDedupeKey(`slack:command:${triggerId}`), event: { dedupeKey: `slack:command:${triggerId}` } };
      });

    const platforms = [
      ['DingTalk robot', dingtalk],
      ['WeCom app message', wecom],
      ['Feishu bot message', feishu],
      ['Slack slash command', slack],
    ] as const;
    for (const [platform, run] of platforms) {
      const samples: Sample[] = [];
      for (let i = 0; i < N && Date.now() < deadline; i += 1) samples.push(await run(COMMANDS[i % COMMANDS.length]!));
      console.log(`\nchat commands, ${platform} callback path, ${samples.length} commands, sequential`);
      console.log(summary('callback received → reply queued', samples.map((x) => x.serverMs)));
      console.log(summary('request sent → reply seen (client)', samples.map((x) => x.clientMs)));
      console.log('per command (callback received → reply queued):');
      for (const text of COMMANDS) {
        const values = samples.filter((x) => x.text === text).map((x) => x.serverMs);
        if (values.length) console.log(`  ${summary(text, values)}`);
      }
    }
  } finally {
    await worker.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectDatabase();
    await mongo?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
