import { InvalidInput } from '../../src/errors.js';
import type { CommandSpec } from './command-spec.js';
import { restOfLine, type CommandLine } from './parse-command-line.js';
import { tr, type ReplyLanguage } from './reply-language.js';
import { usageOf } from './render-help.js';

/**
 * Binds the parsed arguments to the spec's names: one token each, the `rest` argument takes the
 * raw rest of the line. A missing required argument is an input error that shows the usage.
 */
export function bindArguments<N extends string, S>(spec: CommandSpec<N, S>, line: CommandLine, lang: ReplyLanguage = 'zh'): Record<N, string> {
  const values = {} as Record<N, string>;
  spec.args.forEach((arg, i) => {
    const value = arg.rest ? restOfLine(line, i) : (line.args[i]?.value ?? '');
    if (arg.required && value.trim() === '') {
      throw new InvalidInput(
        tr(lang, `缺少${arg.label}。用法：${usageOf(spec)}`, `Missing ${arg.labelEn ?? arg.label}. Usage: ${usageOf(spec, 'en')}`),
      );
    }
    values[arg.name] = value.trim();
  });
  return values;
}
