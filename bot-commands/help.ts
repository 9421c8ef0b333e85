import { NotFound } from '../src/errors.js';
import { displayName } from './framework/command-registry.js';
import { defineCommand } from './framework/command-spec.js';
import { tr } from './framework/reply-language.js';
import { renderCommandHelp, renderHelpIndex } from './framework/render-help.js';
import { withHint } from './framework/with-hint.js';
import type { CrmServices } from './support/crm-services.js';

export const helpCommand = defineCommand<'command', CrmServices>({
  name: 'help',
  aliases: ['帮助', '?', 'h'],
  pinyin: ['bangzhu', 'bz'],
  summary: '查看命令和用法',
  en: { summary: 'List the commands and how to use them' },
  args: [{ name: 'command', label: '命令', labelEn: 'command', required: false }],
  permission: 'everyone',
  help: '不带参数列出你能用的命令；带上命令名（中英文都可以）查看它的用法和示例。',
  examples: ['/帮助', '/帮助 跟进', '/help log'],
  async handler(ctx, { args }) {
    if (!args.command) return renderHelpIndex(ctx.commands, ctx.actor, ctx.lang);
    const wanted = args.command.replace(/^[/／]/, '');
    const spec = ctx.commands.find(wanted);
    if (spec) return renderCommandHelp(spec, ctx.lang);
    const close = ctx.commands.suggest(wanted).map((s) => `/${ctx.lang === 'en' ? s.name : displayName(s)}`);
    throw withHint(
      new NotFound(tr(ctx.lang, `命令「${wanted}」`, `command "${wanted}"`)),
      close.length ? tr(ctx.lang, `你是不是想看：${close.join('、')}`, `Did you mean: ${close.join(', ')}`) : tr(ctx.lang, '发送 /帮助 查看全部命令。', 'Send /help to see them all.'),
    );
  },
});
