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

export const POOLS = { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' };

/** The API as an office's tools would call it, with a user id of its own per token where one is given (two administrators for 決裁). */
export class SeedApi {
  constructor(private readonly baseUrl: string) {}

  async token(role: Role, org: string, sub?: string): Promise<string> {
    return (await this.call<{ token: string }>('POST', '/auth/dev-token', undefined, { role, org, ...(sub && { sub }) })).token;
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
  const api = new SeedApi(baseUrl);
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

type SeedIndicator = Framework['grants'][number]['goals'][number]['groups'][number]['indicators'][number] & { readonly direction?: 'higherIsBetter' | 'lowerIsBetter' };

function indicatorsOf(framework: Framework): SeedIndicator[] {
  return framework.grants.flatMap((g) => g.goals.flatMap((goal) => goal.groups.flatMap((group) => group.indicators)));
}

/**
 * Every insurer given and 三重県 answer in full and submit (三重県 with its 所要見込額 first, when given); returns the
 * year's two frameworks.
 */
export async function submitInFull(
  api: SeedApi,
  fiscalYear: string,
  insurers: readonly { readonly code: string }[],
  mieRequestedAmounts?: { suishinYen: string; shienYen: string },
): Promise<{ municipal: Framework; prefectural: Framework }> {
  const admin = await api.token('national-admin', 'MHLW');
  const municipal = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/municipal`, admin);
  const prefectural = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/prefectural`, admin);
  for (const insurer of insurers) {
    const token = await api.token('insurer', insurer.code);
    await api.call('PUT', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/answers`, token, { answers: fullAnswers(municipal) });
    await api.call('POST', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/submit`, token);
  }
  const mie = await api.token('prefecture', '24');
  await api.call('PUT', `/fiscal-years/${fiscalYear}/prefectures/24/answers`, mie, { answers: fullAnswers(prefectural) });
  if (mieRequestedAmounts) await api.call('PUT', `/fiscal-years/${fiscalYear}/prefectures/24/requested-amounts`, mie, mieRequestedAmounts);
  await api.call('POST', `/fiscal-years/${fiscalYear}/prefectures/24/submit`, mie);
  return { municipal, prefectural };
}

/** 繰上げ of the three deadlines to a moment from now (all offices have answered), then waits until they pass. */
export async function closeDeadlines(api: SeedApi, fiscalYear: string): Promise<void> {
  const admin = await api.token('national-admin', 'MHLW');
  const closeAt = Date.now() + 400;
  for (const [deadline, offset] of [['submissionsDueAt', 0], ['prefectureSubmissionsDueAt', 100], ['reviewDueAt', 200]] as const) {
    await api.call('POST', `/fiscal-years/${fiscalYear}/deadlines`, admin, { deadline, dueAt: new Date(closeAt + offset).toISOString(), reason: '全団体の提出を確認したため締め切ります。' });
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, closeAt + 500 - Date.now())));
}

/**
 * The national reviewer records every numeric indicator's national figures: insurer k (in the order given) and
 * prefecture k get 100 − k (k where lower is better), so that the scores, and so the amounts, differ.
 */
export async function recordNationalFigures(
  api: SeedApi,
  fiscalYear: string,
  frameworks: { municipal: Framework; prefectural: Framework },
  insurers: readonly { readonly code: string }[],
): Promise<void> {
  const reviewer = await api.token('national-reviewer', 'MHLW');
  const prefectureCodes = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));
  for (const [framework, codes] of [[frameworks.municipal, insurers.map((i) => i.code)], [frameworks.prefectural, prefectureCodes]] as const) {
    for (const indicator of indicatorsOf(framework)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = codes.map((code, k) => ({ code, value: indicator.direction === 'lowerIsBetter' ? k : 100 - k }));
      await api.call('PUT', `/fiscal-years/${fiscalYear}/national-figures/${indicator.id}`, reviewer, { figures });
    }
  }
}

/** Full marks on every self-assessed indicator: yes, or the options worth the indicator's points. */
export function fullAnswers(framework: Framework): Record<string, object> {
  return Object.fromEntries(
    selfAssessedEntries(framework).map(({ indicator }) => {
      if (indicator.answerType === 'yes_no') return [indicator.id, { answerType: 'yes_no', yes: true }];
      const options = indicator.options ?? [];
      const ids = indicator.selection === 'single' ? [(options.find((o) => o.points === indicator.points) ?? options[0]).id] : options.map((o) => o.id);
      return [indicator.id, { answerType: 'choice', optionIds: ids }];
    }),
  );
}

/**
 * A year (two back unless named), brought through the API to 評価確定 (scored), ready for 試算: six of 三重県's municipalities
 * answering in full with different national figures, 三重県's own answers and 所要見込額, the deadlines brought
 * forward (繰上げ) once everything is in, the national figures, then 国の審査完了 and 評価確定.
 */
export async function seedScoredYear(baseUrl: string, fiscalYear = `FY${fiscalYearOf(new Date()) - 2}`): Promise<string> {
  const api = new SeedApi(baseUrl);
  const admin = await api.token('national-admin', 'MHLW');
  const hourAhead = Date.now() + 3_600_000;
  await api.call('POST', '/fiscal-years', admin, {
    fiscalYear,
    pools: POOLS,
    deadlines: { submissionsDueAt: new Date(hourAhead).toISOString(), prefectureSubmissionsDueAt: new Date(hourAhead + 60_000).toISOString(), reviewDueAt: new Date(hourAhead + 120_000).toISOString() },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  });
  const insurers = MIE.slice(0, 6);
  await api.call('PUT', `/fiscal-years/${fiscalYear}/insurers`, admin, { insurers });
  const frameworks = await submitInFull(api, fiscalYear, insurers, { suishinYen: '20000000', shienYen: '18000000' });
  await closeDeadlines(api, fiscalYear);
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'submissions_closed' });
  await recordNationalFigures(api, fiscalYear, frameworks, insurers);
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'review_completed' });
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'scored' });
  return fiscalYear;
}
