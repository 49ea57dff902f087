import { closeDeadlines, MIE, POOLS, recordNationalFigures, SeedApi, submitInFull } from './seed';

/** 三重県's first six municipalities, each with its own 第1号被保険者数 (so that the amounts differ). */
export const SETTLEMENT_INSURERS = MIE.slice(0, 6);


/**
 * A year under the MHLW rule that settles a 内示 against 所要見込額 (mhlw-fy2024-v1), brought through the API to
 * 内示済み: six of 三重県's municipalities and 三重県 itself answer in full and submit, the deadlines are brought
 * forward, the national figures differ by insurer, the year is scored, and trial 1 is published as the 内示.
 */
export async function seedDraftPublishedYear(baseUrl: string, fiscalYear: string): Promise<void> {
  const api = new SeedApi(baseUrl);
  const admin = await api.token('national-admin', 'MHLW', 'admin-sato');
  const hourAhead = Date.now() + 3_600_000;
  await api.call('POST', '/fiscal-years', admin, {
    fiscalYear,
    pools: POOLS,
    deadlines: { submissionsDueAt: new Date(hourAhead).toISOString(), prefectureSubmissionsDueAt: new Date(hourAhead + 60_000).toISOString(), reviewDueAt: new Date(hourAhead + 120_000).toISOString() },
    allocationRuleVersion: 'mhlw-fy2024-v1',
  });
  await api.call('PUT', `/fiscal-years/${fiscalYear}/insurers`, admin, { insurers: SETTLEMENT_INSURERS });
  const frameworks = await submitInFull(api, fiscalYear, SETTLEMENT_INSURERS);
  await closeDeadlines(api, fiscalYear);
  await api.call('POST', `/fiscal-years/${fiscalYear}/phase`, admin, { to: 'submissions_closed' });
  await recordNationalFigures(api, fiscalYear, frameworks, SETTLEMENT_INSURERS);
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
