import type { Card, MessageBody } from '../../messaging/outbound-message.js';
import { isWebUrl } from '../shared/is-web-url.js';
import { oneLine } from '../shared/one-line.js';

/** A Slack message: `text` is the notification / accessibility fallback, `blocks` the Block Kit layout. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack limits (docs.slack.dev): 50 blocks per message, section text 3000 chars, field 2000, header 150, ≤ 10 fields, button text 75. */
export const MAX_BLOCKS = 50;
export const SECTION_TEXT_MAX = 3000;
const FIELD_TEXT_MAX = 2000;
const HEADER_MAX = 150;
const MAX_FIELDS = 10;
const BUTTON_TEXT_MAX = 75;
const FALLBACK_MAX = 3000;

/** `crm:<action>:<n>` — unique within the block, and tells block_actions which neutral action it is. */
export function actionIdOf(action: string, index: number): string {
  return `crm:${action}:${index}`;
}

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Text typed by users goes into mrkdwn escaped: `&`, `<`, `>` are the only controls Slack asks to escape. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** Lines packed into as few sections as fit 3000 characters each. */
function lineSections(lines: string[]): Array<Record<string, unknown>> {
  const sections: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cut(escapeMrkdwn(oneLine(raw)), SECTION_TEXT_MAX);
    if (current && [...current].length + 1 + [...line].length > SECTION_TEXT_MAX) {
      sections.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) sections.push(current);
  return sections.map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

function cardBlocks(card: Card): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [{ type: 'header', text: plain(cut(oneLine(card.title), HEADER_MAX)) }];
  if (card.subtitle) blocks.push({ type: 'context', elements: [mrkdwn(cut(escapeMrkdwn(oneLine(card.subtitle)), SECTION_TEXT_MAX))] });
  for (let i = 0; i < card.fields.length; i += MAX_FIELDS) {
    blocks.push({
      type: 'section',
      fields: card.fields
        .slice(i, i + MAX_FIELDS)
        .map((f) => mrkdwn(cut(`*${escapeMrkdwn(oneLine(f.label))}*\n${escapeMrkdwn(oneLine(f.value))}`, FIELD_TEXT_MAX))),
    });
  }
  blocks.push(...lineSections(card.lines ?? []));
  const buttons = (card.buttons ?? []).slice(0, 5);
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'crm_actions',
      elements: buttons.map((b, i) => ({
        type: 'button',
        action_id: actionIdOf(b.action, i),
        text: plain(cut(oneLine(b.label), BUTTON_TEXT_MAX)),
        value: JSON.stringify(b.value),
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  const links = (card.links ?? []).filter((l) => isWebUrl(l.url)).slice(0, 5);
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.map((l, i) => ({ type: 'button', action_id: `link_${i}`, text: plain(cut(oneLine(l.label), BUTTON_TEXT_MAX)), url: l.url })),
    });
  }
  if (card.footer) blocks.push({ type: 'context', elements: [mrkdwn(cut(escapeMrkdwn(oneLine(card.footer)), SECTION_TEXT_MAX))] });
  return blocks;
}

/** At most 50 blocks: the last kept one says that something was cut. */
function capBlocks(blocks: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_BLOCKS - 1), { type: 'context', elements: [mrkdwn('…')] }];
}

function fallbackOf(card: Card): string {
  const parts = [oneLine(card.title), ...card.fields.map((f) => `${oneLine(f.label)}: ${oneLine(f.value)}`)];
  return cut(escapeMrkdwn(parts.join('\n')), FALLBACK_MAX);
}

export function renderSlackMessage(body: MessageBody): SlackMessage {
  switch (body.type) {
    case 'text': {
      const text = cut(escapeMrkdwn(body.text), 40_000);
      return { text: cut(text, FALLBACK_MAX), blocks: capBlocks(lineSections(body.text.split('\n'))) };
    }
    case 'markdown': {
      // Our markdown is produced by the digest code in Slack's own dialect (bold = *x*); it is not user input.
      const chunks = lineSections([]).concat(
        body.markdown
          .split('\n')
          .reduce<string[]>((acc, line) => {
            const last = acc.at(-1);
            if (last !== undefined && [...last].length + 1 + [...line].length <= SECTION_TEXT_MAX) acc[acc.length - 1] = `${last}\n${line}`;
            else acc.push(cut(line, SECTION_TEXT_MAX));
            return acc;
          }, [])
          .filter((t) => t.trim() !== '')
          .map((text) => ({ type: 'section', text: mrkdwn(text) })),
      );
      const blocks = [{ type: 'header', text: plain(cut(oneLine(body.title), HEADER_MAX)) }, ...chunks];
      return { text: cut(oneLine(body.title), FALLBACK_MAX), blocks: capBlocks(blocks) };
    }
    case 'card':
      return { text: fallbackOf(body.card), blocks: capBlocks(cardBlocks(body.card)) };
  }
}
