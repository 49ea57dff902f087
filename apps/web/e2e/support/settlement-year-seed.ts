import type { Framework } from '../../src/api/types';
import { fullAnswers, MIE, POOLS, SeedApi } from './seed';

/** 三重県's first six municipalities, each with its own 第1号被保険者数 (so that the amounts differ). */
export const SETTLEMENT_INSURERS = MIE.slice(0, 6);


type Numeric = Framework['grants'][number]['goals'][number]['groups'][number]['indicators'][number] & { readonly direction?: 'higherIsBetter' | 'lowerIsBetter' };

/**
 * A year under the MHLW rule that settles a 内示 against 所要見込額 (mhlw-fy2024-v1), brought through the API to
 * 内示済み: six of 三重県's municipalities and 三重県 itself answer in full and submit, the deadlines are brought
 * forward, the national figures differ by insurer, the year is scored, and trial 1 is published as the 内示.
 */
export async function seedDraftPublishedYear(baseUrl: string, fiscalYear: string): Promise<void> {
  const api = new SeedApi(baseUrl);
  const admin = await api.token('national-admin', 'MHLW', 'admin-sato');
  const reviewer = await api.token('national-reviewer', 'MHLW');
  const hourAhead = Date.now() + 3_600_000;
  await api.call('POST', '/fiscal-years', admin, {
    fiscalYear,
    pools: POOLS,
    deadlines: { submissionsDueAt: new Date(hourAhead).toISOString(), prefectureSubmissionsDueAt: new Date(hourAhead + 60_000).toISOString(), reviewDueAt: new Date(hourAhead + 120_000).toISOString() },
    allocationRuleVersion: 'mhlw-fy2024-v1',
  });
  await api.call('PUT', `/fiscal-years/${fiscalYear}/insurers`, admin, { insurers: SETTLEMENT_INSURERS });
  const municipal = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/municipal`, admin);
  const prefectural = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/prefectural`, admin);
  for (const insurer of SETTLEMENT_INSURERS) {
    const token = await api.token('insurer', insurer.code);
    await api.call('PUT', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/answers`, token, { answers: fullAnswers(municipal) });
    await api.call('POST', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/submit`, token);
  }
  const mie = await api.token('prefecture', '24');
  await api.call('PUT', `/fiscal-years/${fiscalYear}/prefectures/24/answers`, mie, { answers: fullAnswers(prefectural) });
  await api.call('POST', `/fiscal-years/${fiscalYear}/prefectures/24/submit`, mie);

  const closeAt = Date.now() + 300;
  for (const [deadline, offset] of [['submissionsDueAt', 0], ['prefectureSubmissionsDueAt', 100], ['reviewDueAt', 200]] as const) {
    await api.call('POST', `/fiscal-years/${fiscalYear}/deadlines`, admin, { deadline, dueAt: new Date(closeAt + offset).toISOString(), reason: '全団体の提出を確認したため締め切ります。' });
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, closeAt + 400 - Date.now())));
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'submissions_closed' });
  const prefectureCodes = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));
  for (const [framework, codes] of [[municipal, SETTLEMENT_INSURERS.map((i) => i.code)], [prefectural, prefectureCodes]] as const) {
    for (const indicator of framework.grants.flatMap((g) => g.goals.flatMap((goal) => goal.groups.flatMap((group) => group.indicators))) as Numeric[]) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = codes.map((code, k) => ({ code, value: indicator.direction === 'lowerIsBetter' ? k : 100 - k }));
      await api.call('PUT', `/fiscal-years/${fiscalYear}/national-figures/${indicator.id}`, reviewer, { figures });
    }
  }
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'review_completed' });
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'scored' });
  await api.call('POST', `/fiscal-years/${fiscalYear}/calculations/trials`, admin);
  await api.call('POST', `/fiscal-years/${fiscalYear}/calculations/draft`, admin, { trialNumber: 1 });
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'draft_published' });
}

/** The national administrator opens the 所要見込額 window until an hour from now. */
export async function openRequests(baseUrl: string, fiscalYear: string): Promise<void> {
  const api = new SeedApi(baseUrl);
  const admin = await api.token('national-admin', 'MHLW', 'admin-sato');
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'requests_open', requestsDueAt: new Date(Date.now() + 3_600_000).toISOString() });
}

/**
 * The window closes, 確定の起案 settles the requests (those who asked for less get exactly that, the freed money goes
 * to the others as 追加交付), and a second administrator approves it: the year is 交付額確定.
 */
export async function closeAndFinalize(baseUrl: string, fiscalYear: string): Promise<void> {
  const api = new SeedApi(baseUrl);
  const sato = await api.token('national-admin', 'MHLW', 'admin-sato');
  const suzuki = await api.token('national-admin', 'MHLW', 'admin-suzuki');
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, sato, { to: 'requests_closed' });
  await api.call('POST', `/fiscal-years/${fiscalYear}/calculations/finalization-request`, sato, {});
  await api.call('POST', `/fiscal-years/${fiscalYear}/calculations/finalization-approval`, suzuki);
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, sato, { to: 'finalized' });
}

/** A municipality's 所要見込額 as the insurer itself sends it (through the API). */
export async function requestAmounts(baseUrl: string, fiscalYear: string, code: string, amounts: { suishinYen: string; shienYen: string }): Promise<void> {
  const api = new SeedApi(baseUrl);
  await api.call('PUT', `/fiscal-years/${fiscalYear}/submissions/${code}/requested-amounts`, await api.token('insurer', code), amounts);
}

/** The 内示 of one recipient (whole yen per pool), to ask for less than it. */
export async function draftOf(baseUrl: string, fiscalYear: string, code: string): Promise<Record<string, string>> {
  const api = new SeedApi(baseUrl);
  const admin = await api.token('national-admin', 'MHLW');
  const draft = await api.call<{ pools: { pool: string; draftYen: string }[] }>('GET', `/fiscal-years/${fiscalYear}/calculations/draft/${code}`, admin);
  return Object.fromEntries(draft.pools.map((p) => [p.pool, p.draftYen]));
}
