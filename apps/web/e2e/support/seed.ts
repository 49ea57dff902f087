import { withCheckDigit } from '../../../../libs/domain/src/recipients/local-government-code';
import type { Framework, Role } from '../../src/api/types';
import { selfAssessedEntries } from '../../src/submissions/answers';
import { fiscalYearOf } from '../../src/years/fiscal-year-of';

/** 三重県's municipalities (JIS codes without the check digit) as the test year's register. */
export const MIE = [
  ['24201', '津市'], ['24202', '四日市市'], ['24203', '伊勢市'], ['24204', '松阪市'], ['24205', '桑名市'], ['24207', '鈴鹿市'],
  ['24208', '名張市'], ['24209', '尾鷲市'], ['24210', '亀山市'], ['24211', '鳥羽市'], ['24212', '熊野市'], ['24214', 'いなべ市'],
  ['24215', '志摩市'], ['24216', '伊賀市'], ['24303', '木曽岬町'], ['24324', '東員町'], ['24341', '菰野町'], ['24343', '朝日町'],
  ['24344', '川越町'], ['24441', '多気町'], ['24442', '明和町'], ['24443', '大台町'], ['24461', '玉城町'], ['24470', '度会町'],
  ['24471', '大紀町'], ['24472', '南伊勢町'], ['24543', '紀北町'], ['24561', '御浜町'], ['24562', '紀宝町'],
].map(([first5, name], i) => ({ code: withCheckDigit(first5), name, category1InsuredPersons: 4_000 + 1_731 * i }));

/** Two of 愛知県's, so that the prefecture's board shows that it sees its own municipalities only. */
const AICHI = [
  { code: withCheckDigit('23201'), name: '豊橋市', category1InsuredPersons: 95_000 },
  { code: withCheckDigit('23202'), name: '岡崎市', category1InsuredPersons: 88_000 },
];

export const KUWANA = MIE.find((m) => m.name === '桑名市')!;

const POOLS = { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' };

class Api {
  constructor(private readonly baseUrl: string) {}

  async token(role: Role, org: string): Promise<string> {
    return (await this.call<{ token: string }>('POST', '/auth/dev-token', undefined, { role, org })).token;
  }

  async call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/**
 * Through the API, as an administrator and the insurers would: this fiscal year, open until a month from now, with
 * 三重県's 29 municipalities and two of 愛知県's registered, three of them already at work (one draft, two
 * submitted); and last year, with 津市's submission in, whose deadline passes during set-up, ready to be closed.
 */
export async function seedYears(baseUrl: string): Promise<{ fiscalYear: string; closingYear: string }> {
  const api = new Api(baseUrl);
  const admin = await api.token('national-admin', 'MHLW');
  const now = Date.now();
  const current = fiscalYearOf(new Date(now));
  const fiscalYear = `FY${current}`;
  const closingYear = `FY${current - 1}`;
  const at = (ms: number) => new Date(now + ms).toISOString();
  const day = 86_400_000;

  await api.call('POST', '/fiscal-years', admin, {
    fiscalYear,
    pools: POOLS,
    deadlines: { submissionsDueAt: at(30 * day), prefectureSubmissionsDueAt: at(45 * day), reviewDueAt: at(90 * day) },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  });
  await api.call('PUT', `/fiscal-years/${fiscalYear}/insurers`, admin, { insurers: [...MIE, ...AICHI] });

  const framework = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/municipal`, admin);
  const answers = Object.fromEntries(
    selfAssessedEntries(framework).map(({ indicator }) => [
      indicator.id,
      indicator.answerType === 'yes_no' ? { answerType: 'yes_no', yes: true } : { answerType: 'choice', optionIds: [indicator.options![0].id] },
    ]),
  );
  const partial = Object.fromEntries(Object.entries(answers).slice(0, 5));
  for (const [name, submit] of [['四日市市', false], ['伊勢市', true], ['津市', true]] as const) {
    const insurer = MIE.find((m) => m.name === name)!;
    const token = await api.token('insurer', insurer.code);
    await api.call('PUT', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/answers`, token, { answers: submit ? answers : partial });
    if (submit) await api.call('POST', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/submit`, token);
  }

  const closingDueAt = Date.now() + 5_000;
  await api.call('POST', '/fiscal-years', admin, {
    fiscalYear: closingYear,
    pools: POOLS,
    deadlines: { submissionsDueAt: new Date(closingDueAt).toISOString(), prefectureSubmissionsDueAt: at(30 * day), reviewDueAt: at(60 * day) },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  });
  await api.call('PUT', `/fiscal-years/${closingYear}/insurers`, admin, { insurers: MIE.slice(0, 3) });
  const tsu = MIE[0];
  const tsuToken = await api.token('insurer', tsu.code);
  await api.call('PUT', `/fiscal-years/${closingYear}/submissions/${tsu.code}/answers`, tsuToken, { answers });
  await api.call('POST', `/fiscal-years/${closingYear}/submissions/${tsu.code}/submit`, tsuToken);
  // Last year's deadline passes before the tests start, so that its submissions can be closed and reviewed.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, closingDueAt - Date.now() + 500)));
  return { fiscalYear, closingYear };
}
