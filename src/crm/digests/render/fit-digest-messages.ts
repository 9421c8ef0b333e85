import type { Card, MessageBody } from '../../../messaging/outbound-message.js';
import type { Digest } from '../digest-types.js';
import { digestDocument, type DigestBlock, type DigestDocument } from './digest-blocks.js';
import { utf8Bytes, type MarkdownDialect } from './markdown-dialect.js';

/** More parts than this reads as spam: the recipient gets a card with the key numbers and a dashboard link. */
export const MAX_MARKDOWN_PARTS = 3;

export interface DigestMessages {
  /** One markdown message when it fits, a few parts when not, or a card. */
  bodies: MessageBody[];
  /** The whole markdown (for the preview API), even when split or replaced by a card. */
  markdown: string;
  form: 'markdown' | 'split' | 'card';
  /** The key numbers as a card (linking to the dashboard when a URL is given), for replies that must be one message. */
  summary: Card;
}

function joinLines(lines: string[], dialect: MarkdownDialect): string {
  return lines.join(dialect.lineBreak);
}

function renderBlock(b: DigestBlock): string[] {
  return b.hiddenItems > 0 ? [...b.lines, `- …还有 ${b.hiddenItems} 项`] : b.lines;
}

/**
 * Packs blocks into parts of at most `budget` bytes. A block goes whole into the current part or
 * the next; one too long for any part is continued across parts under "heading（续）".
 */
function pack(doc: DigestDocument, budget: number, dialect: MarkdownDialect): string[][] {
  const fits = (lines: string[]) => utf8Bytes(joinLines(lines, dialect)) <= budget;
  const parts: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
  };
  for (const b of doc.blocks) {
    const lines = renderBlock(b);
    if (fits([...current, ...lines])) {
      current.push(...lines);
      continue;
    }
    flush();
    if (fits(lines)) {
      current.push(...lines);
      continue;
    }
    const [heading, ...items] = lines;
    current = [heading!];
    for (const item of items) {
      if (!fits([...current, item])) {
        flush();
        current = [`${heading}（续）`];
      }
      // A single line longer than a whole part cannot be helped here; the caller falls back to a card.
      current.push(item);
    }
  }
  flush();
  return parts;
}

function summaryCard(digest: Digest, title: string, dashboardUrl: string | undefined): Card {
  const fields: Card['fields'] = [];
  switch (digest.kind) {
    case 'daily':
      fields.push(
        { label: '新增客户', value: String(digest.newCustomers.total) },
        { label: '跟进', value: `${digest.followUps.total} 次，人均 ${digest.followUps.teamAverage}` },
        { label: '阶段变化', value: `${digest.stageMoves.total}，成交 ${digest.stageMoves.won}` },
        { label: '逾期未跟进', value: String(digest.overdue.total) },
        { label: '超出联系周期', value: String(digest.silent.total) },
        { label: '明日提醒', value: String(digest.remindersTomorrow.total) },
      );
      break;
    case 'weekly':
      fields.push(
        { label: '新增客户', value: `${digest.compare.newCustomers.current}（上周 ${digest.compare.newCustomers.previous}）` },
        { label: '跟进', value: `${digest.compare.followUps.current}（上周 ${digest.compare.followUps.previous}）` },
        { label: '成交', value: `${digest.compare.won.current}（上周 ${digest.compare.won.previous}）` },
        { label: '逾期未跟进', value: String(digest.overdue.total) },
      );
      break;
    case 'morning':
      fields.push({ label: '逾期', value: String(digest.overdueCount) }, { label: '今日', value: String(digest.todayCount) });
      break;
  }
  return {
    title,
    fields,
    ...(dashboardUrl ? { links: [{ label: '查看详情', url: dashboardUrl }] } : {}),
    footer: '内容较多，完整数据请在看板中查看',
  };
}

/**
 * Renders a digest for one channel within its markdown budget: one message, a few numbered parts,
 * or (when longer still) a card with the key numbers linking to the dashboard. Every part starts
 * with a heading, so channels do not prepend the title again (which would break the budget).
 */
export function fitDigestMessages(digest: Digest, dialect: MarkdownDialect, options: { dashboardUrl?: string } = {}): DigestMessages {
  const doc = digestDocument(digest, dialect);
  const summary = summaryCard(digest, doc.title, options.dashboardUrl);
  const link = options.dashboardUrl && digest.kind !== 'morning' ? `[查看团队看板](${options.dashboardUrl})` : null;
  const full = joinLines([...doc.blocks.flatMap(renderBlock), ...(link ? [link] : [])], dialect);
  if (utf8Bytes(full) <= dialect.maxBytes) {
    return { bodies: [{ type: 'markdown', title: doc.title, markdown: full }], markdown: full, form: 'markdown', summary };
  }
  const heading = (i: number, n: number) => `## ${doc.title}（${i}/${n}）`;
  const overhead = utf8Bytes(heading(9, 9)) + (link ? utf8Bytes(link) + utf8Bytes(dialect.lineBreak) : 0) + utf8Bytes(dialect.lineBreak);
  // The document's own first line is its heading; parts get a numbered one instead.
  const body: DigestDocument = {
    title: doc.title,
    blocks: [{ lines: doc.blocks[0]!.lines.slice(1), hiddenItems: 0 }, ...doc.blocks.slice(1)].filter((b) => b.lines.length > 0),
  };
  const parts = pack(body, dialect.maxBytes - overhead, dialect);
  const texts = parts.map((lines, i) =>
    joinLines([heading(i + 1, parts.length), ...lines, ...(i === parts.length - 1 && link ? [link] : [])], dialect),
  );
  if (parts.length <= MAX_MARKDOWN_PARTS && texts.every((t) => utf8Bytes(t) <= dialect.maxBytes)) {
    const bodies: MessageBody[] = texts.map((markdown, i) => ({
      type: 'markdown',
      title: `${doc.title}（${i + 1}/${parts.length}）`,
      markdown,
    }));
    return { bodies, markdown: full, form: 'split', summary };
  }
  return { bodies: [{ type: 'card', card: summary }], markdown: full, form: 'card', summary };
}
