import { CliUsageError } from './cli-errors';
import { parseOptions, str, strs } from './cli-options';

const spec = { 'fiscal-year': { type: 'string' }, json: { type: 'boolean' } } as const;

describe('parseOptions (every command, token included)', () => {
  it('reads --name value, --name=value and switches', () => {
    expect(parseOptions(['--fiscal-year', 'FY2024', '--json'], spec)).toEqual({ 'fiscal-year': 'FY2024', json: true });
    expect(parseOptions(['--fiscal-year=FY2024'], spec)).toEqual({ 'fiscal-year': 'FY2024' });
    expect(parseOptions(['--fiscal-year=--x'], spec)).toEqual({ 'fiscal-year': '--x' });
  });

  it('reads a repeatable option as its texts in order, and str/strs read either kind', () => {
    const keys = { key: { type: 'string', multiple: true } } as const;
    const values = parseOptions(['--key', 'a.pem', '--key=b.pem'], keys);
    expect(strs(values.key)).toEqual(['a.pem', 'b.pem']);
    expect(str(values.key)).toBeUndefined();
    expect(strs(parseOptions([], keys).key)).toEqual([]);
    expect(strs('one.pem')).toEqual(['one.pem']);
    expect(() => parseOptions(['--key'], keys)).toThrow('--key needs a value');
  });

  it.each<[string[], string]>([
    [['--colour', 'red'], 'unknown option --colour'],
    [['-x'], 'unknown option -x'],
    [['--fiscal-year'], '--fiscal-year needs a value'],
    [['--fiscal-year', '--json'], '--fiscal-year needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--json', '--json'], '--json given twice'],
    [['--fiscal-year', 'FY2024', '--fiscal-year=FY2025'], '--fiscal-year given twice'],
    [['FY2024'], 'unexpected argument "FY2024"'],
    [['--', '--json'], 'unexpected argument "--"'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseOptions(args, spec)).toThrow(new CliUsageError(message));
  });
});
