import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliUsageError, EXIT_USAGE } from './cli-errors';
import { main } from './main';
import { jsonErrorOffset } from './json-position';
import { readScoreInputs, SHIPPED_FRAMEWORKS } from './score-inputs';
import { scoreFromFiles } from './score-table';
import { scoreCommand } from './score.command';

/**
 * `cli score` on the shipped example (examples/score: 20 municipalities of 三重・滋賀・奈良, one 広域連合 with two
 * members) under the shipped municipal-FY2024 framework (v2 rules: ⌊p·n⌋, zero-in-n, group caps).
 */
const ROOT = resolve(__dirname, '../../..');
const EXAMPLE = ['--register', 'examples/score/register.csv', '--answers', 'examples/score/answers.csv', '--figures', 'examples/score/figures.csv'];
const FY2024 = ['--framework', 'municipal-FY2024', ...EXAMPLE];

async function score(args: string[], cwd = ROOT): Promise<string> {
  const lines: string[] = [];
  expect(await scoreCommand(args, { out: (line) => lines.push(line), cwd })).toBe(0);
  return lines.join('\n');
}

interface Group { readonly groupId: string; readonly score: number; readonly maxPoints: number; readonly shared?: true }
interface Ranks { readonly national: { rank: number; outOf: number }; readonly prefecture: { rank: number; outOf: number } }
interface Recipient {
  readonly code: string;
  readonly level: string;
  readonly unionCode?: string;
  readonly scored: boolean;
  readonly score?: number;
  readonly maxPoints?: number;
  readonly rate?: string;
  readonly ranks?: Ranks;
  readonly grants?: readonly { grant: string; score: number; maxPoints: number; ranks: Ranks; groups: readonly Group[] }[];
}

describe('cli score (recompute without the database)', () => {
  it('scores 桑名市 as worked by hand', async () => {
    const json = JSON.parse(await score(FY2024)) as { municipal: { recipientsScored: number; rules: object; recipients: Recipient[] } };
    const { recipients } = json.municipal;
    expect(json.municipal.rules).toEqual({ bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true });
    // n = 20: the union's row is not scored, its two members are. Cumulative bands of 20: top 10% = rank ≤ ⌊0.1·20⌋ = 2,
    // 30% ≤ 6, 50% ≤ 10, 70% ≤ 14; each band ¼ of the item (12 → 3/6/9/12, 20 → 5/10/15/20, 4 → 1/2/3/4).
    expect(json.municipal.recipientsScored).toBe(20);
    const kuwana = recipients.find((r) => r.code === '242055')!;
    // 推進 (400):
    //  I-i   suishin-I-i-1 a–d 4·4 = 16; I-i-2 a,b,c 12; I-i-3 a1–a4,b1,b2 6·1 = 6; I-i-4 a,b 8            = 42
    //  I-ii  I-ii-2 (lower is better) 2.1: two lower (1.8, 2.0) → rank 3 ≤ 6 → 9
    //        I-ii-3 (base nonZero) 4: n = 12 non-zero figures, two higher (6, 5) → rank 3 ≤ ⌊0.3·12⌋ = 3 → 9
    //        I-ii-1 今年度の評価得点 (second pass): first-pass total 169, rank 4 of 20 (188, 176, 170) → 9   = 27
    //  II-i  suishin-II-i-1 a–d 4·8 = 32 (II-i-2 unanswered)                                           = 32
    //  II-ii, III-i, III-ii: no answers, no figures (every figure missing scores 0)                   = 0
    //  IV    IV-1 alt: a 58.9 is the highest → 20; b 12.0 has five higher → rank 6 → 15; better of the two = 20
    //                                                                                         推進 = 121
    // 支援 (400):
    //  I-i 0; I-ii shien-I-ii-4 add: a 72, three higher, tied with two others at rank 4 (positions 4–7: ties
    //        included) → 3; b 1.1 has eight higher → rank 9 ≤ 10 → 2; 3 + 2                                = 5
    //  II-i shien-II-i-1 a,b,c 3·5 = 15; II-ii shien-II-ii-1 33: six higher → rank 7 > 6, ≤ 10 → 6 (n stays 20
    //        although 四日市市's figure is missing); III-i shien-III-i-1 a 5 + b 6 = 11; III-ii 0
    //  IV    the same group, scored once: 20                                              支援 = 0+5+15+6+11+0+20 = 57
    // Total 121 + 57 = 178 of 800 (22.3%); ahead: 大津市 200, 守山市 188, 松阪市 179 → rank 4; in 三重県 松阪市 → 2 of 8.
    expect(kuwana).toMatchObject({ level: '市町村', scored: true, score: 178, maxPoints: 800, rate: '22.3%' });
    expect(kuwana.ranks).toEqual({ national: { rank: 4, outOf: 20 }, prefecture: { rank: 2, outOf: 8 } });
    const [suishin, shien] = kuwana.grants!;
    expect([suishin.grant, suishin.score, suishin.ranks.national.rank, shien.grant, shien.score]).toEqual(['suishin', 121, 3, 'shien', 57]);
    expect(suishin.groups.map((g) => g.score)).toEqual([42, 27, 32, 0, 0, 0, 20]);
    expect(shien.groups.map((g) => g.score)).toEqual([0, 5, 15, 6, 11, 0, 20]);
    expect([suishin.groups[6], shien.groups[6]]).toEqual([
      { goalId: 'IV', groupId: 'IV-outcome', title: '成果指標群', maxPoints: 100, score: 20, rate: '20.0%', shared: true },
      { goalId: 'IV', groupId: 'IV-outcome', title: '成果指標群', maxPoints: 100, score: 20, rate: '20.0%', shared: true },
    ]);
    // The 広域連合: its row stays empty; its members are scored one by one.
    expect(recipients.find((r) => r.code === '249017')).toMatchObject({ level: '広域連合', scored: false });
    expect(recipients.find((r) => r.code === '249017')).not.toHaveProperty('score');
    expect(recipients.filter((r) => r.unionCode === '249017').map((r) => [r.code, r.scored])).toEqual([['242071', true], ['242101', true]]);
    // Ties share the best rank: 彦根市 and 天理市 both 92, both 10th.
    expect(recipients.filter((r) => r.score === 92).map((r) => [r.code, r.ranks!.national.rank])).toEqual([['252026', 10], ['292044', 10]]);
  });

  it('shows the second pass: 今年度の評価得点 bands the first-pass totals', async () => {
    const result = scoreFromFiles(await readScoreInputs({ framework: 'municipal-FY2024', register: 'examples/score/register.csv', answers: 'examples/score/answers.csv', figures: 'examples/score/figures.csv' }, ROOT));
    const placements = result.municipal.numericPlacements.find((p) => p.indicatorId === 'suishin-I-ii-1')!.placements;
    expect(placements.find((p) => p.code === '242055')).toMatchObject({ value: 169, rank: 4, points: 9 });
    expect([...placements].sort((a, b) => b.value! - a.value!).slice(0, 3).map((p) => p.value)).toEqual([188, 176, 170]);
  });

  it('prints CSV with Japanese headers through the one CSV writer, and writes --out with a BOM', async () => {
    const lines = (await score([...FY2024, '--format', 'csv'])).split('\n');
    expect(lines[0]).toBe('区分,コード,名称,都道府県コード,広域連合コード,集計,交付金,目標,指標群,指標群名,満点,得点,得点率,全国順位,全国対象数,都道府県内順位,都道府県内対象数');
    expect(lines).toContain('市町村,242055,桑名市,24,,合計,,,,,800,178,22.3%,4,20,2,8');
    expect(lines).toContain('市町村,242055,桑名市,24,,交付金,推進,,,保険者機能強化推進交付金,400,121,30.3%,3,20,1,8');
    expect(lines).toContain('市町村,242055,桑名市,24,,指標群,支援,IV,IV-outcome,成果指標群,100,20,20.0%,,,,');
    expect(lines).toContain('広域連合,249017,鈴鹿亀山地区広域連合,24,,合計,,,,,,,,,,,');
    expect(lines.filter((line) => line.startsWith('市町村,242071,鈴鹿市,24,249017,合計,'))).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'score-'));
    try {
      const said = await score([...FY2024, '--format', 'csv', '--out', join(dir, 'table.csv')]);
      expect(said).toContain('20 insurers scored');
      const bytes = readFileSync(join(dir, 'table.csv'));
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.toString('utf8')).toContain('市町村,242055,桑名市,24,,合計,,,,,800,178,22.3%,4,20,2,8\r\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('scores the 47 prefectures after the municipalities (FY2026, prefectural derived items read the municipal result)', async () => {
    const args = ['--framework', 'municipal-FY2026', '--prefectural-framework', 'prefectural-FY2026', '--prefecture-answers', 'examples/score/prefecture-answers.csv', ...EXAMPLE];
    const json = JSON.parse(await score(args)) as { prefectural: { recipientsScored: number; recipients: Recipient[] } };
    expect(json.prefectural.recipientsScored).toBe(47);
    const mie = json.prefectural.recipients.find((r) => r.code === '24')!;
    // 推進Ⅰ(i): suishin-I-i-1 a,b,c 6 + 6 + 7 = 19; I-i-2 a,d 5 + 6 = 11; 2オ (no markedly low municipality) 6 = 36.
    expect(mie.grants![0].groups[0]).toMatchObject({ groupId: 'I-i', score: 36, maxPoints: 60 });
  });

  it.each<[string, string[], RegExp]>([
    ['a missing option', ['--framework', 'municipal-FY2024'], /--register is required/],
    ['an unknown format', [...FY2024, '--format', 'xml'], /--format must be json or csv, not "xml"/],
    ['an unknown shipped id', ['--framework', 'municipal-FY2019', ...EXAMPLE], /municipal-FY2019: 同梱の指標体系にありません/],
    ['a missing file', ['--framework', 'municipal-FY2024', ...EXAMPLE.slice(0, 5), 'examples/score/nope.csv'], /examples\/score\/nope\.csv: ファイルがありません/],
    ['a prefectural framework as --framework', ['--framework', 'prefectural-FY2026', ...EXAMPLE], /not a municipal framework/],
    ['years that differ', [...FY2024, '--prefectural-framework', 'prefectural-FY2026'], /is for FY2026, --framework municipal-FY2024 for FY2024/],
    ['prefecture answers without their framework', [...FY2024, '--prefecture-answers', 'examples/score/prefecture-answers.csv'], /--prefecture-answers needs --prefectural-framework/],
  ])('refuses %s', async (_, args, message) => {
    await expect(scoreCommand(args, { out: () => undefined, cwd: ROOT })).rejects.toThrow(message);
  });

  describe('bad input files: the file, line and column', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'score-bad-'))));
    afterAll(() => rmSync(dir, { recursive: true }));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const example = (name: string) => join(ROOT, 'examples/score', name);
    const run = (framework: string, register: string, answers: string, figures: string) =>
      scoreCommand(['--framework', framework, '--register', register, '--answers', answers, '--figures', figures], { out: () => undefined, cwd: dir });

    it('finds where a JSON text stops being JSON', () => {
      const shipped = readFileSync(join(SHIPPED_FRAMEWORKS, 'municipal-FY2026.json'), 'utf8');
      expect(jsonErrorOffset(shipped)).toBe(-1);
      expect(['[1,]', '{"a" 1}', '"abc', '{"a": tru}', '[1] x'].map(jsonErrorOffset)).toEqual([3, 5, 4, 6, 4]);
    });

    it.each<[string, () => Promise<number>, RegExp]>([
      ['an answer that is not an option', () => run('municipal-FY2024', example('register.csv'), file('answers.csv', '保険者番号,指標ID,回答\n242055,suishin-I-i-1,a\n242055,suishin-I-i-2,z\n'), example('figures.csv')), /answers\.csv:3 列「回答」 CSV\.INVALID_ANSWER/],
      ['an unregistered insurer', () => run('municipal-FY2024', example('register.csv'), file('answers2.csv', '保険者番号,指標ID,回答\n011002,suishin-I-i-1,a\n'), example('figures.csv')), /answers2\.csv:2 列「保険者番号」 CSV\.UNKNOWN_INSURER/],
      ['a figure that is not a number', () => run('municipal-FY2024', example('register.csv'), example('answers.csv'), file('figures.csv', '保険者番号,指標ID,数値\n242055,IV-1.a,58.9\n242012,IV-1.a,abc\n')), /figures\.csv:3 列「数値」 CSV\.NOT_A_NUMBER/],
      ['a member of a code that is no union', () => run('municipal-FY2024', file('register.csv', '保険者番号,保険者名,第1号被保険者数,広域連合コード\n242055,桑名市,37916,\n242071,鈴鹿市,50235,242055\n'), example('answers.csv'), example('figures.csv')), /register\.csv:3 列「広域連合コード」 VALIDATION\.INVALID_FIELD/],
      ['a bad check digit', () => run('municipal-FY2024', file('register2.csv', '保険者番号,保険者名,第1号被保険者数\n242056,桑名市,37916\n'), example('answers.csv'), example('figures.csv')), /register2\.csv:2 列「保険者番号」 CSV\.CHECK_DIGIT/],
      ['a framework that is not JSON', () => run(file('broken.json', '{\n  "frameworkVersion": 2,\n  "level": }\n'), example('register.csv'), example('answers.csv'), example('figures.csv')), /broken\.json:3:12: JSON として読めません/],
      ['a framework that does not parse', () => run(file('empty.json', '{"frameworkVersion": 2}'), example('register.csv'), example('answers.csv'), example('figures.csv')), /empty\.json: \$\./],
    ])('%s', async (_, command, message) => {
      const refusal = command();
      await expect(refusal).rejects.toBeInstanceOf(CliUsageError);
      await expect(refusal).rejects.toThrow(message);
    });
  });

  it('exits 2 with the usage through the CLI, and lists score in --help', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      expect(await main(['score', '--framework', 'municipal-FY2024'])).toBe(EXIT_USAGE);
      expect(written.join('')).toMatch(/--register is required[\s\S]*npm run cli -- score --framework/);
      written.length = 0;
      expect(await main(['score', '--help'])).toBe(0);
      expect(written.join('')).toContain('score   データベースを使わずに');
    } finally {
      spy.mockRestore();
      out.mockRestore();
    }
  });
});
