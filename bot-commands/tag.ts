import { InvalidInput } from '../src/errors.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import { foldWidth } from './framework/fold-width.js';
import type { CrmServices } from './support/crm-services.js';
import { findCustomerByReference } from './support/find-customer-by-reference.js';

const MAX_TAG = 40;

/** "+VIP -冷淡 重点" → add VIP and 重点, remove 冷淡 (full-width ＋／－ too). */
export function parseTagChanges(words: string[]): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const word of words) {
    const w = foldWidth(word).trim();
    const sign = w[0];
    const name = (sign === '+' || sign === '-' || sign === '—' ? w.slice(1) : w).trim();
    if (name === '') continue;
    if (name.length > MAX_TAG) throw new InvalidInput(`标签「${name.slice(0, 10)}…」太长了（最多 ${MAX_TAG} 个字）。`);
    (sign === '-' || sign === '—' ? remove : add).push(name);
  }
  return { add: [...new Set(add)], remove: [...new Set(remove)] };
}

export const tagCommand = defineCommand<'customer' | 'changes', CrmServices>({
  name: 'tag',
  aliases: ['标签', 'tags'],
  pinyin: ['biaoqian', 'bq'],
  summary: '给客户加减标签',
  en: { summary: "Add or remove a customer's tags" },
  args: [
    { name: 'customer', label: '客户', labelEn: 'customer', required: true },
    { name: 'changes', label: '+标签 -标签', labelEn: '+tag -tag', required: true, rest: true },
  ],
  permission: 'everyone',
  help: '+ 加标签，- 去掉标签，不带符号也是加。多个标签用空格、逗号或顿号分开。',
  examples: ['/标签 张三 +VIP -冷淡', '/标签 C00012 重点、华东', '/tag "Zhang San" +vip'],
  async handler(ctx, { line }) {
    const change = parseTagChanges(line.args.slice(1).map((a) => a.value));
    const lang = ctx.lang;
    if (change.add.length + change.remove.length === 0) throw new InvalidInput(tr(lang, '请写上要加（+）或去掉（-）的标签。', 'Name the tags to add (+) or remove (-).'));
    const customer = await findCustomerByReference(ctx, line.args[0]!.value);
    const before = new Set(customer.tags);
    const updated = await ctx.services.updateTags(ctx.actor, customer._id, change);
    const added = updated.tags.filter((t) => !before.has(t));
    const removed = [...before].filter((t) => !updated.tags.includes(t));
    if (added.length + removed.length === 0) {
      return { type: 'text', text: tr(lang, `${updated.name}（${updated.code}）的标签没有变化：${updated.tags.join('、') || '（无）'}`, `${updated.name} (${updated.code}): tags unchanged: ${updated.tags.join(', ') || '(none)'}`) };
    }
    if (lang === 'en') {
      const what = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
      return { type: 'text', text: `✅ ${updated.name} (${updated.code}): ${what}\nTags now: ${updated.tags.join(', ') || '(none)'}` };
    }
    const what = [added.length ? `加上 ${added.join('、')}` : '', removed.length ? `去掉 ${removed.join('、')}` : ''].filter(Boolean).join('，');
    return { type: 'text', text: `✅ ${updated.name}（${updated.code}）${what}\n现在的标签：${updated.tags.join('、') || '（无）'}` };
  },
});
