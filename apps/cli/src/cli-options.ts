import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-errors';

export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Every command's options, read by node:util's parseArgs: `--name value` or `--name=value` for text, `--name` for a
 * switch, each at most once. Anything else (an unknown option, a missing value, a repeat, a bare argument) is a usage
 * error that names it.
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): OptionValues {
  const { values, tokens } = parseArgs({ args: [...args], options: spec, strict: false, allowPositionals: true, tokens: true });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') throw new CliUsageError(`unexpected argument "${token.value}"`);
    if (token.kind === 'option-terminator') throw new CliUsageError('unexpected argument "--"');
    const type = Object.hasOwn(spec, token.name) ? spec[token.name].type : undefined;
    if (type === undefined) throw new CliUsageError(`unknown option ${token.rawName}`);
    if (type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      throw new CliUsageError(`${token.rawName} needs a value`);
    }
    if (type === 'boolean' && token.value !== undefined) throw new CliUsageError(`${token.rawName} takes no value`);
    if (seen.has(token.name)) throw new CliUsageError(`${token.rawName} given twice`);
    seen.add(token.name);
  }
  const result: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(values)) if (typeof value === 'string' || typeof value === 'boolean') result[name] = value;
  return result;
}

/** An option's text, if it was given as text. */
export const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
