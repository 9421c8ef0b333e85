import { NotFound } from '../src/errors.js';
import { displayName } from './framework/command-registry.js';
import { defineCommand } from './framework/command-spec.js';
import { renderCommandHelp, renderHelpIndex } from './framework/render-help.js';
import { withHint } from './framework/with-hint.js';
import type { CrmServices } from './support/crm-services.js';

export const helpCommand = defineCommand<'command', CrmServices>({
  name: 'help',
  aliases: ['帮助', '?', 'h'],
  summary: '查看命令和用法',
  args: [{ name: 'command', label: '命令', required: false }],
  permission: 'everyone',
  help: '不带参数列出你能用的命令；带上命令名（中英文都可以）查看它的用法和示例。',
  examples: ['/帮助', '/帮助 跟进', '/help log'],
  async handler(ctx, { args }) {
    if (!args.command) return renderHelpIndex(ctx.commands, ctx.actor.role);
    const wanted = args.command.replace(/^[/／]/, '');
    const spec = ctx.commands.find(wanted);
    if (spec) return renderCommandHelp(spec);
    const close = ctx.commands.suggest(wanted).map((s) => `/${displayName(s)}`);
    throw withHint(new NotFound(`命令「${wanted}」`), close.length ? `你是不是想看：${close.join('、')}` : '发送 /帮助 查看全部命令。');
  },
});
