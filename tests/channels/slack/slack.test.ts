import { describe, expect, test } from 'vitest';
import { normalizeSlackEvent, stripSlackMentions } from '../../../src/channels/slack/normalize-event.js';
import { commandLineOf, normalizeSlashCommand } from '../../../src/channels/slack/normalize-slash-command.js';
import { MAX_BLOCKS, renderSlackMessage, SECTION_TEXT_MAX } from '../../../src/channels/slack/render-blocks.js';
import { computeSlackSignature, SlackSignatureError, verifySlackRequest } from '../../../src/channels/slack/verify-request.js';
import { slackVectors } from '../../support/vectors/feishu-slack-vectors.js';

describe('Slack request signature', () => {
  test.each(slackVectors)('$name', ({ signingSecret, timestamp, body, expectedSignature }) => {
    expect(computeSlackSignature(signingSecret, timestamp, Buffer.from(body))).toBe(expectedSignature);
    const nowMs = Number(timestamp) * 1000 + 60_000;
    expect(() => verifySlackRequest({ signingSecret, timestamp, signature: expectedSignature, rawBody: Buffer.from(body), nowMs })).not.toThrow();
  });

  test('outside five minutes, a changed byte, or missing headers are refused', () => {
    const v = slackVectors[0]!;
    const base = { signingSecret: v.signingSecret, timestamp: v.timestamp, signature: v.expectedSignature, rawBody: Buffer.from(v.body), nowMs: Number(v.timestamp) * 1000 };
    const reason = (over: Partial<typeof base>) => {
      try {
        verifySlackRequest({ ...base, ...over });
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(SlackSignatureError);
        return (error as SlackSignatureError).reason;
      }
    };
    expect(reason({ nowMs: base.nowMs + 5 * 60_000 })).toBe('ok');
    expect(reason({ nowMs: base.nowMs + 5 * 60_000 + 1000 })).toBe('stale_timestamp');
    expect(reason({ nowMs: base.nowMs - 6 * 60_000 })).toBe('stale_timestamp');
    expect(reason({ rawBody: Buffer.from(v.body.replace('text=', 'text=x')) })).toBe('bad_signature');
    expect(reason({ signingSecret: 'other' })).toBe('bad_signature');
    expect(reason({ signature: undefined })).toBe('missing_headers');
  });
});

describe('Slack normalizing', () => {
  test('"/crm customer Acme" becomes the command "/customer Acme" replying on the response_url', () => {
    const form = new URLSearchParams({
      command: '/crm',
      text: 'customer Acme',
      user_id: 'U1',
      user_name: 'wang',
      channel_id: 'C1',
      team_id: 'T1',
      response_url: 'https://hooks.slack.com/commands/T1/1/x',
      trigger_id: '123.456.abc',
    });
    const event = normalizeSlashCommand(form, { tenantId: 't', receivedAt: new Date(0) });
    expect(event).toMatchObject({
      platform: 'slack',
      kind: 'command',
      dedupeKey: 'slack:command:123.456.abc',
      actor: { platformUserId: 'U1' },
      payload: { text: '/customer Acme', replyTo: { type: 'response_url', url: 'https://hooks.slack.com/commands/T1/1/x', channelId: 'C1', expiresAt: new Date(30 * 60_000).toISOString() } },
    });
    expect(commandLineOf('')).toBe('/help');
    expect(commandLineOf(' /客户 张三')).toBe('/客户 张三');
    expect(() => normalizeSlashCommand(new URLSearchParams({ command: '/crm' }), { tenantId: 't' })).toThrow();
  });

  test('app_mention (threaded reply), DM, and what is not a command', () => {
    const cb = (event: Record<string, unknown>) => ({ type: 'event_callback', event_id: 'Ev1', team_id: 'T1', event });
    const mention = normalizeSlackEvent(cb({ type: 'app_mention', user: 'U1', text: '<@UBOT> customer Acme', channel: 'C1', ts: '1.2' }), { tenantId: 't' });
    expect(mention).toMatchObject({ kind: 'command', dedupeKey: 'slack:event:Ev1', payload: { text: '/customer Acme', replyTo: { type: 'chat', chatId: 'C1', threadId: '1.2' } } });
    const dm = normalizeSlackEvent(cb({ type: 'message', channel_type: 'im', user: 'U1', text: '/todo', channel: 'D1', ts: '1.3' }), { tenantId: 't' });
    expect(dm).toMatchObject({ kind: 'command', payload: { text: '/todo', replyTo: { type: 'chat', chatId: 'D1' } } });
    expect((dm.payload as { replyTo: Record<string, unknown> }).replyTo.threadId).toBeUndefined();
    expect(normalizeSlackEvent(cb({ type: 'message', channel_type: 'im', user: 'U1', text: 'x', channel: 'D1', ts: '1', bot_id: 'B1' }), { tenantId: 't' }).kind).toBe('unknown');
    expect(normalizeSlackEvent(cb({ type: 'message', channel_type: 'channel', user: 'U1', text: 'x', channel: 'C1', ts: '1' }), { tenantId: 't' }).kind).toBe('unknown');
    expect(stripSlackMentions('<@U1|bot>  hi <@W2>')).toBe('hi');
  });
});

describe('Block Kit rendering', () => {
  test('a card is a header, fields, lines and URL buttons, with a text fallback; user text is escaped', () => {
    const m = renderSlackMessage({
      type: 'card',
      card: { title: 'Acme <corp>', fields: [{ label: 'Owner', value: 'Wang & Li' }], lines: ['a', 'b'], links: [{ label: 'Open', url: 'https://crm.example.com/x' }], footer: 'f' },
    });
    expect(m.text).toContain('Acme &lt;corp&gt;');
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Acme <corp>' } });
    expect(JSON.stringify(m.blocks)).toContain('Wang &amp; Li');
    expect(m.blocks.find((b) => b.type === 'actions')).toMatchObject({ elements: [{ type: 'button', url: 'https://crm.example.com/x' }] });
  });

  test('never more than 50 blocks nor 3000 characters of section text', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i} ${'长'.repeat(400)}`);
    const fields = Array.from({ length: 100 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(3000) }));
    const m = renderSlackMessage({ type: 'card', card: { title: 't'.repeat(500), fields, lines } });
    expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const b of m.blocks as Array<Record<string, any>>) {
      if (b.text?.text) expect([...b.text.text].length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
      for (const f of b.fields ?? []) expect([...f.text].length).toBeLessThanOrEqual(2000);
    }
    expect([...m.text].length).toBeLessThanOrEqual(3000);
  });
});
