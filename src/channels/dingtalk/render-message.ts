import type { Card, MessageBody } from '../../messaging/outbound-message.js';
import { isWebUrl } from '../shared/is-web-url.js';
import { oneLine } from '../shared/one-line.js';
import { truncateUtf8, utf8Bytes } from '../shared/truncate-utf8.js';

/**
 * MessageBody → DingTalk message shapes. One neutral rendering, three wire formats:
 * robot webhook / sessionWebhook JSON, robot OpenAPI `msgKey` + `msgParam`, and the
 * work-notification `msg` object (snake_case `action_card`).
 */
export type RenderedMessage =
  | { kind: 'text'; content: string }
  | { kind: 'markdown'; title: string; text: string }
  | { kind: 'actionCard'; title: string; text: string; buttons: Array<{ title: string; url: string }> };

export interface RenderLimits {
  /** Budget for the main text in UTF-8 bytes. */
  maxTextBytes: number;
  maxButtons: number;
}

/**
 * Robot messages: the OpenAPI caps `msgParam` at 15 000 bytes; no per-type limit is published for
 * sessionWebhook, so we stay well below both — a chat reply longer than this is unreadable anyway.
 */
export const ROBOT_LIMITS: RenderLimits = { maxTextBytes: 4000, maxButtons: 5 };
/** Work notifications: the whole `msg` must stay under 2048 bytes (legacy doc); leave room for JSON. */
export const WORK_NOTICE_LIMITS: RenderLimits = { maxTextBytes: 1500, maxButtons: 5 };

const TITLE_MAX_CHARS = 64;
const BUTTON_TITLE_MAX_CHARS = 20;
const ELLIPSIS = '…';

function truncateChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}${ELLIPSIS}`;
}

/** Whole lines while they fit; a last partial line only if nothing fitted. */
function fitLines(lines: string[], maxBytes: number, separator: string): string {
  const kept: string[] = [];
  let used = 0;
  const marker = `${separator}${ELLIPSIS}`;
  for (const [i, line] of lines.entries()) {
    const cost = utf8Bytes(line) + (kept.length > 0 ? utf8Bytes(separator) : 0);
    const reserve = i < lines.length - 1 ? utf8Bytes(marker) : 0;
    if (used + cost + reserve > maxBytes) {
      if (kept.length === 0) return truncateUtf8(line, maxBytes);
      return kept.join(separator) + marker;
    }
    kept.push(line);
    used += cost;
  }
  return kept.join(separator);
}

function cardLines(card: Card, inlineLinks: Array<{ label: string; url: string }>): string[] {
  const lines: string[] = [`### ${oneLine(card.title)}`];
  if (card.subtitle) lines.push(oneLine(card.subtitle));
  for (const f of card.fields) lines.push(`**${oneLine(f.label)}**: ${oneLine(f.value)}`);
  for (const line of card.lines ?? []) lines.push(oneLine(line));
  for (const l of inlineLinks) lines.push(`[${oneLine(l.label)}](${l.url})`);
  if (card.footer) lines.push(`> ${oneLine(card.footer)}`);
  return lines;
}

/** DingTalk markdown needs a blank line (or two trailing spaces) for a line break. */
const MD_SEPARATOR = '\n\n';

export function renderMessage(body: MessageBody, limits: RenderLimits = ROBOT_LIMITS): RenderedMessage {
  switch (body.type) {
    case 'text':
      return { kind: 'text', content: truncateUtf8(body.text, limits.maxTextBytes) };
    case 'markdown':
      return {
        kind: 'markdown',
        title: truncateChars(oneLine(body.title), TITLE_MAX_CHARS),
        text: fitLines(body.markdown.split('\n'), limits.maxTextBytes, '\n'),
      };
    case 'card': {
      const card = body.card;
      const links = (card.links ?? []).filter((l) => isWebUrl(l.url));
      const buttons = links
        .slice(0, limits.maxButtons)
        .map((l) => ({ title: truncateChars(oneLine(l.label), BUTTON_TITLE_MAX_CHARS), url: l.url }));
      // Links beyond the button budget stay reachable as inline markdown links.
      const text = fitLines(cardLines(card, links.slice(limits.maxButtons)), limits.maxTextBytes, MD_SEPARATOR);
      const title = truncateChars(oneLine(card.title), TITLE_MAX_CHARS);
      if (buttons.length === 0) return { kind: 'markdown', title, text };
      return { kind: 'actionCard', title, text, buttons };
    }
  }
}

/** Body for `robot/send` and a `sessionWebhook`. */
export function toWebhookMessage(m: RenderedMessage): Record<string, unknown> {
  switch (m.kind) {
    case 'text':
      return { msgtype: 'text', text: { content: m.content } };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { title: m.title, text: m.text } };
    case 'actionCard': {
      const [only] = m.buttons;
      if (m.buttons.length === 1 && only) {
        return { msgtype: 'actionCard', actionCard: { title: m.title, text: m.text, singleTitle: only.title, singleURL: only.url } };
      }
      return {
        msgtype: 'actionCard',
        actionCard: {
          title: m.title,
          text: m.text,
          btnOrientation: '0',
          btns: m.buttons.map((b) => ({ title: b.title, actionURL: b.url })),
        },
      };
    }
  }
}

/** `msgKey` + `msgParam` (a JSON string) for `oToMessages/batchSend` and `groupMessages/send`. */
export function toOpenApiMessage(m: RenderedMessage): { msgKey: string; msgParam: string } {
  switch (m.kind) {
    case 'text':
      return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: m.content }) };
    case 'markdown':
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: m.title, text: m.text }) };
    case 'actionCard': {
      const [only] = m.buttons;
      if (m.buttons.length === 1 && only) {
        return {
          msgKey: 'sampleActionCard',
          msgParam: JSON.stringify({ title: m.title, text: m.text, singleTitle: only.title, singleURL: only.url }),
        };
      }
      // Templates sampleActionCard2…5 carry 2…5 vertical buttons as actionTitleN / actionURLN.
      const param: Record<string, string> = { title: m.title, text: m.text };
      m.buttons.forEach((b, i) => {
        param[`actionTitle${i + 1}`] = b.title;
        param[`actionURL${i + 1}`] = b.url;
      });
      return { msgKey: `sampleActionCard${m.buttons.length}`, msgParam: JSON.stringify(param) };
    }
  }
}

/** The `msg` object of a work notification (`asyncsend_v2`). */
export function toWorkNotificationMessage(m: RenderedMessage): Record<string, unknown> {
  switch (m.kind) {
    case 'text':
      return { msgtype: 'text', text: { content: m.content } };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { title: m.title, text: m.text } };
    case 'actionCard': {
      const [only] = m.buttons;
      if (m.buttons.length === 1 && only) {
        return {
          msgtype: 'action_card',
          action_card: { title: m.title, markdown: m.text, single_title: only.title, single_url: only.url },
        };
      }
      return {
        msgtype: 'action_card',
        action_card: {
          title: m.title,
          markdown: m.text,
          btn_orientation: '0',
          btn_json_list: m.buttons.map((b) => ({ title: b.title, action_url: b.url })),
        },
      };
    }
  }
}

/**
 * Renders, then shrinks the text budget until the wire form fits `maxWireBytes` (buttons and
 * JSON escaping count too). Used for work notifications (2048-byte `msg`) and OpenAPI sends.
 * `wireBytes` measures the part the limit applies to (default: the whole wire form as JSON).
 */
export function renderWithin<T>(
  body: MessageBody,
  limits: RenderLimits,
  toWire: (m: RenderedMessage) => T,
  maxWireBytes: number,
  wireBytes: (wire: T) => number = (wire) => utf8Bytes(JSON.stringify(wire)),
): { rendered: RenderedMessage; wire: T } {
  let budget = limits.maxTextBytes;
  for (;;) {
    const rendered = renderMessage(body, { ...limits, maxTextBytes: budget });
    const wire = toWire(rendered);
    const size = wireBytes(wire);
    if (size <= maxWireBytes || budget <= 64) return { rendered, wire };
    budget = Math.max(64, budget - (size - maxWireBytes) - 16);
  }
}

export const WORK_NOTICE_MAX_BYTES = 2048;
export const OPENAPI_MSG_PARAM_MAX_BYTES = 15_000;
