import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../../bot-commands/framework/command-registry.js';
import { defineCommand, type CommandActor, type CommandContext } from '../../../bot-commands/framework/command-spec.js';
import { renderCommandHelp, renderHelpIndex, usageOf } from '../../../bot-commands/framework/render-help.js';
import { runCommandLine } from '../../../bot-commands/framework/run-command-line.js';
import { Conflict, InvalidInput, NotFound, Unavailable } from '../../../src/errors.js';
import type { Role } from '../../../src/crm/actor.js';
import type { MessageBody } from '../../../src/messaging/outbound-message.js';
import { createWecomMessageRenderer } from '../../../src/channels/wecom/wecom-message-renderer.js';

interface Calls {
  log: { customer: string; content: string }[];
}

const log = defineCommand<'customer' | 'content', Calls>({
  name: 'log',
  aliases: ['跟进', 'followup'],
  summary: '记录跟进',
  args: [
    { name: 'customer', label: '客户', required: true },
    { name: 'content', label: '内容', required: true, rest: true },
  ],
  permission: 'everyone',
  help: '记录一次跟进。',
  examples: ['/跟进 张三 电话沟通'],
  async handler(ctx, input) {
    ctx.services.log.push({ customer: input.args.customer, content: input.args.content });
    return { type: 'text', text: `ok ${input.args.customer}` };
  },
});

const assign = defineCommand<'customer' | 'staff', Calls>({
  name: 'assign',
  aliases: ['分配'],
  summary: '分配客户',
  args: [
    { name: 'customer', label: '客户', required: true },
    { name: 'staff', label: '员工', required: true },
  ],
  permission: ['manager', 'admin'],
  help: '把客户分给同事。',
  examples: ['/分配 张三 李四'],
  async handler() {
    return { type: 'text', text: 'assigned' };
  },
});

function failing(name: string, alias: string, err: unknown) {
  return defineCommand<never, Calls>({
    name,
    aliases: [alias],
    summary: name,
    args: [],
    permission: 'everyone',
    help: '',
    examples: [],
    async handler() {
      throw err;
    },
  });
}

const registry = createCommandRegistry<Calls>([
  log,
  assign,
  failing('boom', '爆炸', new Error('connection string mongodb://secret@host leaked')),
  failing('dup', '重复', new Conflict('客户已存在：张三 (C0001)')),
  failing('gone', '不见', new NotFound('客户「王五」')),
  failing('missing', '缺失', new NotFound('customer')),
  failing('down', '宕机', new Unavailable()),
  failing('bad', '错误', new InvalidInput('手机号格式不对')),
]);

function ctx(role: Role = 'sales'): Omit<CommandContext<Calls>, 'commands' | 'lang'> & { services: Calls } {
  const actor: CommandActor = {
    tenantId: new Types.ObjectId(),
    staffId: new Types.ObjectId(),
    role,
    departments: [],
    source: 'command',
    name: '测试',
    platformUserId: 'u1',
  };
  return { actor, platform: 'wecom', tenantTimeZone: 'Asia/Shanghai', now: new Date(), services: { log: [] }, renderer: createWecomMessageRenderer() };
}

function textOf(body: MessageBody): string {
  if (body.type === 'text') return body.text;
  if (body.type === 'markdown') return body.markdown;
  return [body.card.title, ...body.card.fields.map((f) => `${f.label}: ${f.value}`), ...(body.card.lines ?? []), body.card.footer ?? ''].join('\n');
}

describe('createCommandRegistry', () => {
  it('finds commands by name and alias, case- and width-insensitively', () => {
    expect(registry.find('LOG')?.name).toBe('log');
    expect(registry.find('跟进')?.name).toBe('log');
    expect(registry.find('ＦＯＬＬＯＷＵＰ')?.name).toBe('log');
    expect(registry.find('nope')).toBeUndefined();
  });

  it('refuses a name used twice, and a rest argument that is not last', () => {
    expect(() => createCommandRegistry([log, { ...assign, aliases: ['跟进'] }])).toThrow(/used by both/);
    expect(() =>
      createCommandRegistry([{ ...log, args: [{ name: 'content', label: '内容', required: true, rest: true }, { name: 'customer', label: '客户', required: true }] }]),
    ).toThrow(/last argument/);
  });

  it('suggests commands for typos in Chinese and English', () => {
    expect(registry.suggest('跟近').map((s) => s.name)).toEqual(['log']);
    expect(registry.suggest('lgo').map((s) => s.name)).toContain('log');
    expect(registry.suggest('asign').map((s) => s.name)).toEqual(['assign']);
  });

  it('builds usage lines and help from the spec', () => {
    expect(usageOf(log)).toBe('/跟进 <客户> <内容>');
    const help = textOf(renderCommandHelp(log));
    expect(help).toContain('/跟进 — 记录跟进');
    expect(help).toContain('/log');
    expect(help).toContain('/followup');
    expect(help).toContain('例：/跟进 张三 电话沟通');
    expect(textOf(renderCommandHelp(assign))).toContain('权限: 经理、管理员');
  });

  it('lists only the commands the role may run', () => {
    expect(textOf(renderHelpIndex(registry, 'sales'))).not.toContain('/分配');
    expect(textOf(renderHelpIndex(registry, 'manager'))).toContain('/分配 <客户> <员工>');
  });
});

describe('runCommandLine', () => {
  it('runs a command with bound arguments, the rest of the line kept raw', async () => {
    const c = ctx();
    const out = await runCommandLine('／跟进 “张 三” 电话沟通，对报价满意', c, registry);
    expect(out).toMatchObject({ status: 'ok', command: 'log' });
    expect(c.services.log).toEqual([{ customer: '张 三', content: '电话沟通，对报价满意' }]);
  });

  it('rejects a missing argument with the usage, and runs nothing', async () => {
    const c = ctx();
    const out = await runCommandLine('/跟进 张三', c, registry);
    expect(out.status).toBe('rejected');
    expect(textOf(out.reply)).toContain('缺少内容');
    expect(textOf(out.reply)).toContain('/跟进 <客户> <内容>');
    expect(c.services.log).toEqual([]);
  });

  it('refuses a command the role may not run, with the reason', async () => {
    const out = await runCommandLine('/分配 张三 李四', ctx('sales'), registry);
    expect(out.status).toBe('rejected');
    expect(textOf(out.reply)).toContain('仅限经理、管理员使用');
    expect((await runCommandLine('/分配 张三 李四', ctx('manager'), registry)).status).toBe('ok');
  });

  it('answers an unknown command with "did you mean"', async () => {
    const out = await runCommandLine('/跟近 张三 电话', ctx(), registry);
    expect(out.status).toBe('unknown_command');
    expect(textOf(out.reply)).toContain('你是不是想用 /跟进（/log）');
  });

  it('answers plain text with a hint, and a near-command word with a suggestion', async () => {
    expect(textOf((await runCommandLine('你好', ctx(), registry)).reply)).toContain('/帮助');
    const near = await runCommandLine('跟近 张三', ctx(), registry);
    expect(near.status).toBe('not_command');
    expect(textOf(near.reply)).toContain('/跟进');
  });

  it('answers an empty mention with the help index', async () => {
    const out = await runCommandLine('@ChatCRM', ctx(), registry);
    expect(out.reply.type).toBe('card');
  });

  it('maps typed domain errors to their message, in one place', async () => {
    expect(textOf((await runCommandLine('/重复', ctx(), registry)).reply)).toBe('⚠️ 客户已存在：张三 (C0001)');
    expect(textOf((await runCommandLine('/不见', ctx(), registry)).reply)).toBe('没有找到客户「王五」。');
    expect(textOf((await runCommandLine('/缺失', ctx(), registry)).reply)).toBe('没有找到客户。');
    expect(textOf((await runCommandLine('/错误', ctx(), registry)).reply)).toBe('⚠️ 手机号格式不对');
    expect(textOf((await runCommandLine('/宕机', ctx(), registry)).reply)).toContain('稍后再试');
    expect((await runCommandLine('/重复', ctx(), registry)).status).toBe('rejected');
  });

  it('never leaks an internal error, and reports it with the reference it shows', async () => {
    const reported: { ref: string; command: string | undefined }[] = [];
    const out = await runCommandLine('/爆炸', ctx(), registry, {
      onInternalError: (_err, ref, command) => reported.push({ ref, command }),
    });
    expect(out.status).toBe('failed');
    const text = textOf(out.reply);
    expect(text).not.toContain('mongodb');
    expect(text).not.toContain('secret');
    expect(reported).toHaveLength(1);
    expect(text).toContain(reported[0]!.ref);
    expect(reported[0]!.command).toBe('boom');
  });
});
