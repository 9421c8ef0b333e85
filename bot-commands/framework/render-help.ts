import type { Actor, Role } from '../../src/crm/actor.js';
import { can } from '../../src/crm/permissions/access-of.js';
import { rolesGranting } from '../../src/crm/permissions/built-in-groups.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { displayName } from './command-registry.js';
import type { CommandRegistry, CommandSpec, Permission } from './command-spec.js';
import { tr, type ReplyLanguage } from './reply-language.js';

const ROLE_LABEL: Record<Role, string> = { sales: '销售', manager: '经理', admin: '管理员' };
const ROLE_LABEL_EN: Record<Role, string> = { sales: 'sales', manager: 'managers', admin: 'admins' };

type UsageSpec = Pick<CommandSpec, 'name' | 'aliases' | 'args' | 'usage' | 'en'>;

export function usageOf(spec: UsageSpec, lang: ReplyLanguage = 'zh'): string {
  if (lang === 'en') {
    if (spec.en?.usage) return spec.en.usage;
    const args = spec.args.map((a) => (a.required ? `<${a.labelEn ?? a.label}>` : `[${a.labelEn ?? a.label}]`));
    return [`/${spec.name}`, ...args].join(' ');
  }
  if (spec.usage) return spec.usage;
  const args = spec.args.map((a) => (a.required ? `<${a.label}>` : `[${a.label}]`));
  return [`/${displayName(spec)}`, ...args].join(' ');
}

export function permissionLabel(permission: Permission, lang: ReplyLanguage = 'zh'): string {
  if (permission !== 'everyone' && 'module' in permission) {
    // Said as the built-in roles that have it, as before groups existed; the permission itself when none do.
    const roles = rolesGranting(permission.module, permission.action);
    if (roles.length === 0) return tr(lang, `有 ${permission.module}.${permission.action} 权限的员工`, `staff with the ${permission.module}.${permission.action} permission`);
    return permissionLabel(roles, lang);
  }
  if (lang === 'en') return permission === 'everyone' ? 'all staff' : permission.map((r) => ROLE_LABEL_EN[r]).join(', ');
  return permission === 'everyone' ? '所有员工' : permission.map((r) => ROLE_LABEL[r]).join('、');
}

type Who = Role | Pick<Actor, 'role' | 'access'>;

/** A role alone stands for its built-in group; an actor is judged by the groups they are in. */
export function isPermitted(permission: Permission, who: Who): boolean {
  const actor = typeof who === 'string' ? { role: who } : who;
  if (permission === 'everyone') return true;
  if ('module' in permission) return can(actor, permission.module, permission.action);
  return permission.includes(actor.role);
}

/** `/help`: every command the person may run, one line each. */
export function renderHelpIndex<S>(registry: CommandRegistry<S>, who: Who, lang: ReplyLanguage = 'zh'): MessageBody {
  const lines = registry.specs
    .filter((s) => isPermitted(s.permission, who))
    .map((s) => (lang === 'en' ? `${usageOf(s, 'en')} — ${s.en?.summary ?? s.summary}` : `${usageOf(s)} — ${s.summary}（/${s.name}）`));
  return {
    type: 'card',
    card: {
      title: tr(lang, 'ChatCRM 命令', 'ChatCRM commands'),
      fields: [],
      lines,
      footer: tr(lang, '发送 /帮助 <命令> 查看用法和示例，例如 /帮助 跟进', 'Send /help <command> for its usage and examples, e.g. /help log'),
    },
  };
}

/** `/help <command>`: usage, aliases, who may run it, examples. */
export function renderCommandHelp<S>(spec: CommandSpec<string, S>, lang: ReplyLanguage = 'zh'): MessageBody {
  const shown = lang === 'en' ? spec.name : displayName(spec);
  const aliases = [spec.name, ...spec.aliases, ...(spec.pinyin ?? [])].filter((a) => a !== shown).map((a) => `/${a}`);
  const help = lang === 'en' ? (spec.en?.help ?? spec.help) : spec.help;
  return {
    type: 'card',
    card: {
      title: `/${shown} — ${lang === 'en' ? (spec.en?.summary ?? spec.summary) : spec.summary}`,
      fields: [
        { label: tr(lang, '用法', 'Usage'), value: usageOf(spec, lang) },
        { label: tr(lang, '别名', 'Aliases'), value: aliases.join(' ') },
        { label: tr(lang, '权限', 'Who'), value: permissionLabel(spec.permission, lang) },
      ],
      lines: [...help.split('\n').filter((l) => l.trim() !== ''), ...spec.examples.map((e) => `${tr(lang, '例', 'e.g.')}：${e}`.replace('e.g.：', 'e.g. '))],
    },
  };
}
