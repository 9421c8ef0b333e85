import { closestMatches } from './closest-matches.js';
import type { CommandRegistry, CommandSpec } from './command-spec.js';
import { foldWidth, hasNonAscii } from './fold-width.js';
import type { ReplyLanguage } from './reply-language.js';


function key(name: string): string {
  return foldWidth(name).trim().toLowerCase();
}

/** The name people see: the first Chinese alias, else the English name. */
export function displayName(spec: Pick<CommandSpec, 'name' | 'aliases'>): string {
  return spec.aliases.find(hasNonAscii) ?? spec.name;
}

/** Builds the lookup tables from the specs; a name or alias used twice is a programming error and fails at start-up. */
export function createCommandRegistry<S>(specs: readonly CommandSpec<string, S>[]): CommandRegistry<S> {
  const byName = new Map<string, CommandSpec<string, S>>();
  const english = new Set<string>();
  for (const spec of specs) {
    const restAt = spec.args.findIndex((a) => a.rest);
    if (restAt !== -1 && restAt !== spec.args.length - 1) {
      throw new Error(`command ${spec.name}: only the last argument may take the rest of the line`);
    }
    for (const name of [spec.name, ...spec.aliases]) if (!hasNonAscii(name)) english.add(key(name));
    for (const name of [spec.name, ...spec.aliases, ...(spec.pinyin ?? [])]) {
      const k = key(name);
      if (k === '' || /\s/.test(k)) throw new Error(`command ${spec.name}: invalid name or alias "${name}"`);
      const other = byName.get(k);
      if (other) throw new Error(`command name "${name}" is used by both ${other.name} and ${spec.name}`);
      byName.set(k, spec);
    }
  }
  return {
    specs,
    knownNames: new Set(byName.keys()),
    find: (name) => byName.get(key(name)),
    languageOf: (name) => (english.has(key(name)) ? 'en' : 'zh'),
    suggest(typed) {
      const found: CommandSpec<string, S>[] = [];
      for (const name of closestMatches(key(typed), byName.keys(), 6)) {
        const spec = byName.get(name);
        if (spec && !found.includes(spec)) found.push(spec);
      }
      return found.slice(0, 3);
    },
  };
}
