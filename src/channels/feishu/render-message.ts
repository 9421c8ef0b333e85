import type { Card, MessageBody } from '../../messaging/outbound-message.js';
import { isWebUrl } from '../shared/is-web-url.js';
import { oneLine } from '../shared/one-line.js';
import { truncateUtf8, utf8Bytes } from '../shared/truncate-utf8.js';

/** What `im/v1/messages` (send and reply) takes: a type and its content as a JSON string. */
export interface FeishuMessage {
  msg_type: 'text' | 'interactive';
  content: string;
}

/** Feishu: card/post ≤ 30 KB, text ≤ 150 KB (request body); we keep a margin for the envelope. */
export const CARD_MAX_BYTES = 28_000;
export const TEXT_MAX_BYTES = 8_000;
const MAX_BUTTONS = 5;
const VALUE_MAX_BYTES = 1_000;

type Element = Record<string, unknown>;

const plain = (content: string) => ({ tag: 'plain_text', content });

/** The key of a button's value that carries its neutral action id (the rest is the button's own value). */
export const ACTION_VALUE_KEY = 'crm_action';

function cardJson(title: string, elements: Element[]): Record<string, unknown> {
  // update_multi: a card patched after a button press changes for everyone who sees it.
  return { config: { wide_screen_mode: true, update_multi: true }, header: { title: plain(title), template: 'blue' }, elements };
}

/** Action buttons: Feishu echoes `value` back in the card.action.trigger callback. */
function actionButtons(card: Card): Element[] {
  return (card.buttons ?? []).slice(0, MAX_BUTTONS).map((b) => ({
    tag: 'button',
    text: plain(truncateUtf8(oneLine(b.label), 60)),
    type: b.style ?? 'default',
    value: { ...b.value, [ACTION_VALUE_KEY]: b.action },
  }));
}

/**
 * Neutral Card → Feishu interactive card (v1 JSON). Everything typed by users is `plain_text`, so
 * a customer name never turns into markup; links become URL buttons (web URLs only).
 */
function cardElements(card: Card, lines: string[]): Element[] {
  const elements: Element[] = [];
  if (card.subtitle) elements.push({ tag: 'div', text: plain(oneLine(card.subtitle)) });
  if (card.fields.length > 0) {
    elements.push({
      tag: 'div',
      fields: card.fields.map((f) => ({ is_short: true, text: plain(`${oneLine(f.label)}\n${truncateUtf8(oneLine(f.value), VALUE_MAX_BYTES)}`) })),
    });
  }
  if (lines.length > 0) elements.push({ tag: 'div', text: plain(lines.join('\n')) });
  const buttons = actionButtons(card);
  if (buttons.length > 0) elements.push({ tag: 'action', actions: buttons });
  const links = (card.links ?? []).filter((l) => isWebUrl(l.url)).slice(0, MAX_BUTTONS);
  if (links.length > 0) {
    elements.push({
      tag: 'action',
      actions: links.map((l) => ({ tag: 'button', text: plain(truncateUtf8(oneLine(l.label), 60)), type: 'default', url: l.url })),
    });
  }
  if (card.footer) elements.push({ tag: 'note', elements: [plain(oneLine(card.footer))] });
  return elements;
}

function fitCard(card: Card): FeishuMessage {
  const title = truncateUtf8(oneLine(card.title), 300);
  const lines = (card.lines ?? []).map((l) => truncateUtf8(oneLine(l), VALUE_MAX_BYTES));
  // Whole lines from the end go first (marked with one "…") until the card fits.
  for (let keep = lines.length; ; keep = Math.floor((keep * 3) / 4)) {
    const shown = keep < lines.length ? [...lines.slice(0, keep), '…'] : lines;
    const content = JSON.stringify(cardJson(title, cardElements(card, shown)));
    if (utf8Bytes(content) <= CARD_MAX_BYTES || keep === 0) return { msg_type: 'interactive', content };
  }
}

/** For a message patch, which only takes cards: text becomes a card's only line. */
export function renderFeishuCard(body: MessageBody): FeishuMessage {
  const rendered = renderFeishuMessage(body);
  if (rendered.msg_type === 'interactive') return rendered;
  return fitCard({ title: 'ChatCRM', fields: [], lines: body.type === 'text' ? body.text.split('\n') : [] });
}

export function renderFeishuMessage(body: MessageBody): FeishuMessage {
  switch (body.type) {
    case 'text':
      return { msg_type: 'text', content: JSON.stringify({ text: truncateUtf8(body.text, TEXT_MAX_BYTES) }) };
    case 'markdown': {
      const md = { tag: 'div', text: { tag: 'lark_md', content: truncateUtf8(body.markdown, CARD_MAX_BYTES - 2_000) } };
      return { msg_type: 'interactive', content: JSON.stringify(cardJson(truncateUtf8(oneLine(body.title), 300), [md])) };
    }
    case 'card':
      return fitCard(body.card);
  }
}
