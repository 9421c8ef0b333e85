import type { Role } from '../../src/crm/actor.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { displayName } from './command-registry.js';
import type { CommandRegistry, CommandSpec, Permission } from './command-spec.js';

const ROLE_LABEL: Record<Role, string> = { sales: '销售', manager: '经理', admin: '管理员' };

export function usageOf(spec: Pick<CommandSpec, 'name' | 'aliases' | 'args' | 'usage'>): string {
  if (spec.usage) return spec.usage;
  const args = spec.args.map((a) => (a.required ? `<${a.label}>` : `[${a.label}]`));
  return [`/${displayName(spec)}`, ...args].join(' ');
}

export function permissionLabel(permission: Permission): string {
  return permission === 'everyone' ? '所有员工' : permission.map((r) => ROLE_LABEL[r]).join('、');
}

export function isPermitted(permission: Permission, role: Role): boolean {
  return permission === 'everyone' || permission.includes(role);
}

/** `/help`: every command the person may run, one line each. */
export function renderHelpIndex<S>(registry: CommandRegistry<S>, role: Role): MessageBody {
  const lines = registry.specs
    .filter((s) => isPermitted(s.permission, role))
    .map((s) => `${usageOf(s)} — ${s.summary}（/${s.name}）`);
  return {
    type: 'card',
    card: {
      title: 'ChatCRM 命令',
      fields: [],
      lines,
      footer: '发送 /帮助 <命令> 查看用法和示例，例如 /帮助 跟进',
    },
  };
}

/** `/help <command>`: usage, aliases, who may run it, examples. */
export function renderCommandHelp<S>(spec: CommandSpec<string, S>): MessageBody {
  const aliases = [spec.name, ...spec.aliases].filter((a) => a !== displayName(spec)).map((a) => `/${a}`);
  return {
    type: 'card',
    card: {
      title: `/${displayName(spec)} — ${spec.summary}`,
      fields: [
        { label: '用法', value: usageOf(spec) },
        { label: '别名', value: aliases.join(' ') },
        { label: '权限', value: permissionLabel(spec.permission) },
      ],
      lines: [...spec.help.split('\n').filter((l) => l.trim() !== ''), ...spec.examples.map((e) => `例：${e}`)],
    },
  };
}
