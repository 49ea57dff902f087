import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-errors';

/** `multiple`: a text option that may be repeated (`--public-key a.pem --public-key b.pem`), read with `strs`. */
export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly multiple?: boolean }>>;
export type OptionValue = string | boolean | readonly string[] | undefined;
export type OptionValues = Readonly<Record<string, OptionValue>>;

/**
 * Every command's options, read by node:util's parseArgs: `--name value` or `--name=value` for text, `--name` for a
 * switch, each at most once (unless declared `multiple`). Anything else (an unknown option, a missing value, a repeat, a bare argument) is a usage
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
    if (seen.has(token.name) && !spec[token.name].multiple) throw new CliUsageError(`${token.rawName} given twice`);
    seen.add(token.name);
  }
  const result: Record<string, OptionValue> = {};
  for (const [name, value] of Object.entries(values) as [string, unknown][]) {
    if (typeof value === 'string' || typeof value === 'boolean') result[name] = value;
    else if (Array.isArray(value)) result[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return result;
}

/** An option's text, if it was given as text. */
export const str = (value: OptionValue): string | undefined => (typeof value === 'string' ? value : undefined);

/** A repeatable option's texts, in the order given (none when absent). */
export const strs = (value: OptionValue): readonly string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : []);
