import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { calculateCommand } from './calculate.command';
import { jsonValuePositions } from './calculate-input';
import { thousandYen } from './calculate-output';
import { CliUsageError, EXIT_USAGE } from './cli-errors';
import { main } from './main';

/**
 * `cli calculate` on the shipped example (examples/calculate: five municipalities of 三重県 and three prefectures,
 * rule mhlw-fy2024-v1: 案 = A by score × 第1号被保険者数, floor to 千円, 確定 with 追加交付 by water-filling).
 */
const ROOT = resolve(__dirname, '../../..');
const INPUT = ['--input', 'examples/calculate/input.json'];

function calculate(args: string[], cwd = ROOT): string {
  const lines: string[] = [];
  expect(calculateCommand(args, { out: (line) => lines.push(line), cwd })).toBe(0);
  return lines.join('\n');
}

interface Recipient {
  readonly code: string;
  readonly name?: string;
  readonly weight: string;
  readonly requestYen: string | null;
  readonly components?: Record<string, string>;
  readonly draftYen?: string;
  readonly additionalYen?: string;
  readonly finalYen: string;
  readonly capped: boolean;
  readonly filled?: boolean;
}
interface Pool {
  readonly pool: string;
  readonly poolYen: string;
  readonly draftYen?: string;
  readonly freedYen?: string;
  readonly additionalYen?: string;
  readonly finalYen: string;
  readonly unallocatedYen: string;
  readonly roundingRemainderYen?: string;
  readonly unplacedYen?: string;
  readonly rounds: number;
  readonly recipients: readonly Recipient[];
}
interface Output {
  readonly ruleVersion: string;
  readonly rule: { readonly rounding: string; readonly settlement: string };
  readonly pools: readonly Pool[];
  readonly invariants: readonly string[];
}

const columns = (pool: Pool | undefined) => pool!.recipients.map((r) => [r.code, r.draftYen, r.additionalYen, r.finalYen]);

describe('cli calculate (recompute without the database)', () => {
  it('settles the example as worked by hand', () => {
    const json = JSON.parse(calculate(INPUT)) as Output;
    expect(json.rule).toMatchObject({ rounding: 'floor', settlement: 'draft-then-requests' });
    const pool = (id: string) => json.pools.find((p) => p.pool === id);

    // 推進・市町村, pool 10,001,000. Weights = score × 第1号被保険者数: 津 150·20,000 = 3,000,000; 四日市 100·20,000 =
    // 2,000,000; 伊勢 200·10,000 = 2,000,000; 松阪 160·12,500 = 2,000,000; 桑名 125·8,000 = 1,000,000 (Σ 10,000,000).
    // 案 = 10,001,000 × w / 10,000,000, floored to 千円: 3,000,300 → 3,000,000; 2,000,200 → 2,000,000 (×3);
    // 1,000,100 → 1,000,000. Σ案 = 10,000,000, rounding remainder 1,000.
    // Requests: 津 2,500,000 < 3,000,000 and 四日市 1,500,000 < 2,000,000 → 確定 = request; freed 500,000 + 500,000.
    // 追加交付 of 1,000,000 to those with headroom, by weight: 伊勢 (headroom 100,000), 松阪 (1,000,000), 桑名 (none asked).
    //   round 1: weights 2:2:1 → 400,000 / 400,000 / 200,000; 伊勢 exceeds 100,000 → filled at 100,000.
    //   round 2: 900,000 by 2:1 → 松阪 600,000, 桑名 300,000; nobody exceeds.
    // 確定: 2,500,000 / 1,500,000 / 2,100,000 / 2,600,000 / 1,300,000 = 10,000,000; unallocated 1,000 (all rounding).
    const municipal = pool('suishin-municipal')!;
    expect(columns(municipal)).toEqual([
      ['242012', '3000000', '0', '2500000'],
      ['242021', '2000000', '0', '1500000'],
      ['242039', '2000000', '100000', '2100000'],
      ['242047', '2000000', '600000', '2600000'],
      ['242055', '1000000', '300000', '1300000'],
    ]);
    expect(municipal.recipients.map((r) => [r.capped, r.filled])).toEqual([[true, false], [true, false], [false, true], [false, false], [false, false]]);
    expect(municipal.recipients[0]).toMatchObject({ name: '津市', weight: '3000000', requestYen: '2500000', components: { A: '3000000' } });
    expect(municipal).toMatchObject({ poolYen: '10001000', draftYen: '10000000', freedYen: '1000000', additionalYen: '1000000', finalYen: '10000000', unallocatedYen: '1000', roundingRemainderYen: '1000', unplacedYen: '0', rounds: 2 });

    // 推進・都道府県, pool 3,000,000, weights = scores 60 : 30 : 10 → 案 1,800,000 / 900,000 / 300,000.
    // 三重 asks 1,200,000 → 確定 1,200,000, freed 600,000. 滋賀 (headroom 1,000,000 − 900,000 = 100,000) and 奈良
    // (500,000 − 300,000 = 200,000): round 1 by 30:10 → 450,000 / 150,000; 滋賀 exceeds → 100,000. Round 2: 500,000
    // to 奈良 alone exceeds its 200,000 → 200,000. Nobody is left: 300,000 unplaced. Σ確定 = 1,200,000 + 1,000,000 +
    // 500,000 = 2,700,000; unallocated 300,000.
    const prefectural = pool('suishin-prefectural')!;
    expect(columns(prefectural)).toEqual([
      ['24', '1800000', '0', '1200000'],
      ['25', '900000', '100000', '1000000'],
      ['29', '300000', '200000', '500000'],
    ]);
    expect(prefectural).toMatchObject({ draftYen: '3000000', freedYen: '600000', additionalYen: '300000', finalYen: '2700000', unallocatedYen: '300000', roundingRemainderYen: '0', unplacedYen: '300000' });

    // 支援・都道府県, pool 1,000,000, scores 20 : 20 : 10 → 400,000 / 400,000 / 200,000. 三重 asks exactly its 案 (no
    // cap, no headroom); 滋賀 asks 300,000 → freed 100,000, all to 奈良 (headroom 800,000): 200,000 + 100,000.
    expect(columns(pool('shien-prefectural'))).toEqual([
      ['24', '400000', '0', '400000'],
      ['25', '400000', '0', '300000'],
      ['29', '200000', '100000', '300000'],
    ]);
    // 支援・市町村, pool 5,000,000, weights 2,000,000 / 1,000,000 ×3 / 800,000 (Σ 5,800,000), no request binds:
    // 1,724,137.9… → 1,724,000; 862,068.9… → 862,000 (×3); 689,655.1… → 689,000; Σ 4,999,000, remainder 1,000.
    expect(columns(pool('shien-municipal')).map((c) => c[3])).toEqual(['1724000', '862000', '862000', '862000', '689000']);
    expect(pool('shien-municipal')).toMatchObject({ finalYen: '4999000', roundingRemainderYen: '1000', additionalYen: '0' });
  });

  it('reads the recipients from the CSV alternative to the same result (桑名市 there by its weights)', () => {
    const fromCsv = JSON.parse(calculate(['--input', 'examples/calculate/pools.json', '--recipients', 'examples/calculate/recipients.csv'])) as Output;
    expect(fromCsv).toEqual(JSON.parse(calculate(INPUT)));
  });

  it('replays an older rule version by largest remainder, one amount per recipient', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calculate-'));
    try {
      const input = JSON.parse(readFileSync(join(ROOT, 'examples/calculate/input.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...input, ruleVersion: 'municipal-score-x-insured-v1' }));
      const json = JSON.parse(calculate(['--input', 'old.json'], dir)) as Output;
      expect(json.rule).toMatchObject({ rounding: 'largest-remainder', settlement: 'single-pass' });
      // 支援・市町村 as above: floors 1,724 + 862·3 + 689 = 4,999 千円; the one unit left goes to the largest
      // remainder, 桑名市's .655 (津 .137, the others .068) → 690,000; Σ = 5,000,000, nothing unallocated.
      const shien = json.pools.find((p) => p.pool === 'shien-municipal')!;
      expect(shien.recipients.map((r) => r.finalYen)).toEqual(['1724000', '862000', '862000', '862000', '690000']);
      expect(shien).toMatchObject({ finalYen: '5000000', unallocatedYen: '0' });
      expect(shien.recipients[0]).not.toHaveProperty('draftYen');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('writes CSV through the one CSV writer, in 円 and 千円, with the pool rows', () => {
    const lines = calculate([...INPUT, '--format', 'csv']).split('\n');
    expect(lines[0]).toBe('交付金,区分,行,コード,名称,ウェイト,所要見込額（円）,A 基本配分枠等（円）,交付見込額（案）（円）,追加交付（円）,確定（円）,交付見込額（案）（千円）,追加交付（千円）,確定（千円）,備考');
    expect(lines).toContain('推進,市町村,団体,242012,津市,3000000,2500000,3000000,3000000,0,2500000,3000,0,2500,所要見込額まで減額');
    expect(lines).toContain('推進,市町村,団体,242039,伊勢市,2000000,2100000,2000000,2000000,100000,2100000,2000,100,2100,所要見込額まで追加交付');
    expect(lines).toContain('推進,市町村,合計,,,,,,10000000,1000000,10000000,10000,1000,10000,');
    expect(lines).toContain('推進,市町村,うち端数,,,,,,,,1000,,,1,floor 端数処理');
    expect(lines).toContain('推進,都道府県,うち配分先なし,,,,,,,,300000,,,300,所要見込額を超えて配分できない額');
    expect([thousandYen('1234567'), thousandYen('1000'), thousandYen('1500'), thousandYen('-2000')]).toEqual(['1234.567', '1', '1.5', '-2']);
  });

  it('writes --out with a BOM and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calculate-'));
    try {
      const said = calculate([...INPUT, '--format', 'csv', '--out', join(dir, 'amounts.csv')]);
      expect(said).toContain('4 pools, 8 recipients');
      const bytes = readFileSync(join(dir, 'amounts.csv'));
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.toString('utf8')).toContain('推進,市町村,団体,242047,松阪市,2000000,3000000,2000000,2000000,600000,2600000,2000,600,2600,\r\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('knows where each JSON value starts', () => {
    const positions = jsonValuePositions('{"a": [1, {"b": "x"}],\n "c": null}');
    expect([positions.get(''), positions.get('a'), positions.get('a[1]'), positions.get('a[1].b'), positions.get('c')]).toEqual([0, 6, 10, 16, 29]);
  });

  describe('bad input: the file, field, line and column', () => {
    // Made while the cases are collected: their files are written as the table is built.
    const dir = mkdtempSync(join(tmpdir(), 'calculate-bad-'));
    afterAll(() => rmSync(dir, { recursive: true }));
    const example = readFileSync(join(ROOT, 'examples/calculate/input.json'), 'utf8');
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return name;
    };
    const run = (...args: string[]) => () => calculateCommand(args, { out: () => undefined, cwd: dir });
    const csvHeader = '区分,コード,名称,得点（推進）,得点（支援）,第1号被保険者数,所要見込額（推進）,所要見込額（支援）\n';
    const pools = join(ROOT, 'examples/calculate/pools.json');

    it.each<[string, () => number, RegExp]>([
      ['no --input', run(), /--input is required/],
      ['an unknown format', run('--input', pools, '--format', 'xml'), /--format must be json or csv, not "xml"/],
      ['a missing file', run('--input', 'nope.json'), /nope\.json: ファイルがありません/],
      ['a file that is not JSON', run('--input', file('broken.json', '{\n  "fiscalYear": "FY2025",\n  "pools": }\n')), /broken\.json:3:12: JSON として読めません/],
      // "suishinMunicipalYen": "10001000" is on line 6; its value starts at column 28.
      ['a pool given as a number', run('--input', file('number.json', example.replace('"10001000"', '10001000'))), /number\.json:6:28: pools\.suishinMunicipalYen: 金額は円単位の整数を文字列で書きます/],
      ['a negative score', run('--input', file('score.json', example.replace('"suishin": 150', '"suishin": -150'))), /score\.json:15:30: municipal\[0\]\.scores\.suishin: 0 以上の整数です/],
      ['an unknown field', run('--input', file('unknown.json', example.replace('"category1InsuredPersons": 8000', '"name2": 1'))), /unknown\.json:44:16: municipal\[4\]\.name2: 不明な項目です/],
      // Without the field, the error points at the recipient's object (line 40, column 5).
      ['a municipal score without 第1号被保険者数', run('--input', file('insured.json', example.replace(',\n      "category1InsuredPersons": 8000', ''))), /insured\.json:40:5: municipal\[4\]\.category1InsuredPersons: 得点には第1号被保険者数が必要です/],
      ['a request for one grant only', run('--input', file('request.json', example.replace('"requestedYen": { "suishin": "2500000", "shien": "2000000" }', '"requestedYen": { "suishin": "2500000" }'))), /request\.json:17:23: municipal\[0\]\.requestedYen\.shien: 金額は/],
      ['weights and scores together', run('--input', file('both.json', example.replace('"name": "津市",', '"name": "津市", "weights": { "suishin": 1, "shien": 1 },'))), /both\.json:14:\d+: municipal\[0\]\.weights: weights と scores のどちらか一方/],
      ['a duplicate code', run('--input', file('dup.json', example.replace('"code": "242021"', '"code": "242012"'))), /dup\.json:20:15: municipal\[1\]\.code: コード 242012 が重複しています/],
      ['a wrong year', run('--input', file('year.json', example.replace('"FY2025"', '"2025"'))), /year\.json:2:17: fiscalYear: 年度は FY2024 の形で書きます/],
      ['recipients in both places', run('--input', 'input.json', '--recipients', 'r.csv'), /input\.json: ファイルがありません/],
      ['JSON recipients beside --recipients', run('--input', file('input2.json', example), '--recipients', file('r.csv', `${csvHeader}市町村,242012,津市,1,1,1,,\n`)), /input2\.json:11:16: municipal: --recipients を使うときは JSON に団体を書きません/],
      ['a CSV cell that is not a number', run('--input', pools, '--recipients', file('bad.csv', `${csvHeader}市町村,242012,津市,150,100,20000,,\n市町村,242021,四日市市,abc,50,20000,,\n`)), /bad\.csv:3 列「得点\(推進\)」 CALCULATE\.INVALID: 得点は 0 以上の整数です/],
      ['a CSV request for one grant only', run('--input', pools, '--recipients', file('half.csv', `${csvHeader}都道府県,24,三重県,60,20,,1200000,\n`)), /half\.csv:2 列「所要見込額\(支援\)」 CALCULATE\.INVALID: 所要見込額は推進・支援の両方/],
      ['a CSV level', run('--input', pools, '--recipients', file('level.csv', `${csvHeader}町,242012,津市,150,100,20000,,\n`)), /level\.csv:2 列「区分」/],
      ['a CSV duplicate', run('--input', pools, '--recipients', file('dup.csv', `${csvHeader}市町村,242012,津市,150,100,20000,,\n市町村,242012,津市,150,100,20000,,\n`)), /dup\.csv:3 列「コード」 CALCULATE\.INVALID: コード 242012 が重複しています/],
      ['an unknown CSV column', run('--input', pools, '--recipients', file('col.csv', '区分,コード,得点\n市町村,242012,1\n')), /col\.csv:1 列「得点」 CSV\.UNKNOWN_COLUMN/],
    ])('%s', (_, command, message) => {
      expect(command).toThrow(CliUsageError);
      expect(command).toThrow(message);
    });
  });

  it('exits 2 with the usage through the CLI, and lists calculate in --help', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      expect(await main(['calculate', '--input', 'examples/calculate/nope.json'])).toBe(EXIT_USAGE);
      expect(written.join('')).toMatch(/nope\.json: ファイルがありません[\s\S]*npm run cli -- calculate --input/);
      written.length = 0;
      expect(await main(['calculate', '--help'])).toBe(0);
      expect(written.join('')).toContain('calculate  データベースを使わずに');
    } finally {
      spy.mockRestore();
      out.mockRestore();
    }
  });
});
