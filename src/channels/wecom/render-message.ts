import type { Card, MessageBody } from '../../messaging/outbound-message.js';
import type { WecomMessageContent } from './api/message-content.js';
import { isWebUrl } from '../shared/is-web-url.js';
import { oneLine } from '../shared/one-line.js';
import { truncateUtf8, utf8Bytes } from '../shared/truncate-utf8.js';

/** message/send limits (Doc 90236), in UTF-8 bytes. */
export const WECOM_LIMITS = {
  text: 2048,
  markdown: 2048,
  textcardTitle: 128,
  textcardDescription: 512,
  textcardUrl: 2048,
} as const;

const CUT_MARKER = '\n…';

/** MessageBody → message/send content. */
export function renderWecomMessage(body: MessageBody): WecomMessageContent {
  switch (body.type) {
    case 'text':
      return { msgtype: 'text', text: { content: truncateUtf8(body.text, WECOM_LIMITS.text, CUT_MARKER) } };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: truncateUtf8(markdownWithTitle(body.title, body.markdown), WECOM_LIMITS.markdown, CUT_MARKER) } };
    case 'card':
      return renderTextcard(body.card) ?? {
        msgtype: 'markdown',
        markdown: { content: truncateUtf8(cardToMarkdown(body.card), WECOM_LIMITS.markdown, CUT_MARKER) },
      };
  }
}

function markdownWithTitle(title: string, markdown: string): string {
  const t = title.trim();
  if (!t || markdown.trimStart().startsWith('#') || markdown.includes(t)) return markdown;
  return `**${t}**\n${markdown}`;
}

// textcard descriptions are HTML-ish (<div class=…>, <br>); user text must not add markup.
const noMarkup = (s: string) => s.replace(/</g, '＜').replace(/>/g, '＞');

/** A card with a link that fits textcard's limits becomes a textcard (one tap to the link). */
function renderTextcard(card: Card): WecomMessageContent | null {
  const link = card.links?.find((l) => isWebUrl(l.url));
  if (!link || utf8Bytes(link.url) > WECOM_LIMITS.textcardUrl) return null;
  const title = oneLine(card.title);
  if (!title || utf8Bytes(title) > WECOM_LIMITS.textcardTitle) return null;
  const lines: string[] = [];
  if (card.subtitle) lines.push(`<div class="gray">${noMarkup(oneLine(card.subtitle))}</div>`);
  for (const f of card.fields) lines.push(`<div class="normal">${noMarkup(oneLine(f.label))}：${noMarkup(oneLine(f.value))}</div>`);
  for (const l of card.lines ?? []) lines.push(`<div class="normal">${noMarkup(oneLine(l))}</div>`);
  if (card.footer) lines.push(`<div class="gray">${noMarkup(oneLine(card.footer))}</div>`);
  const description = lines.join('') || `<div class="normal">${noMarkup(title)}</div>`;
  if (utf8Bytes(description) > WECOM_LIMITS.textcardDescription) return null;
  const label = oneLine(link.label);
  return {
    msgtype: 'textcard',
    textcard: { title, description, url: link.url, ...([...label].length > 0 && [...label].length <= 4 ? { btntxt: label } : {}) },
  };
}

function cardToMarkdown(card: Card): string {
  const out = [`**${oneLine(card.title)}**`];
  if (card.subtitle) out.push(`> ${oneLine(card.subtitle)}`);
  for (const f of card.fields) out.push(`${oneLine(f.label)}：<font color="info">${oneLine(f.value)}</font>`);
  for (const l of card.lines ?? []) out.push(l);
  for (const link of card.links ?? []) if (isWebUrl(link.url)) out.push(`[${oneLine(link.label)}](${link.url})`);
  if (card.footer) out.push(`<font color="comment">${oneLine(card.footer)}</font>`);
  return out.join('\n');
}
