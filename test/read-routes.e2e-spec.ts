import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Framework, frameworkIndicators, PREFECTURES, withCheckDigit } from '@grants/domain';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * Every GET route of the OpenAPI document × every role × an organisation in and out of scope (test/write-routes does
 * the same for writes). The table below says, per route and query, what each caller gets; a route of the document
 * that the table does not name fails the test, so a new read route cannot escape the matrix.
 *
 *   ok     — answered (200, or 404/409 when the year has no such data yet), never 401/403
 *   out    — 403 AUTH.OUT_OF_SCOPE
 *   role   — 403 AUTH.ROLE_NOT_ALLOWED (national users and auditors only)
 *   shared — exactly what a national administrator gets (nothing of any one organisation)
 *   scoped — 200 with what a national administrator gets, filtered to the caller's scope (insurer: itself;
 *            prefecture: itself and its municipalities; national roles and auditors: everything)
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const kuwana = '242055';
const yokkaichi = withCheckDigit('24202');
const sapporo = '011002';
const hakodate = withCheckDigit('01202');

/** The target named in paths: an insurer of prefecture 24; "in" callers may read it, "out" callers may not. */
const PARAMS: Record<string, string> = { fiscalYear: FY, insurerCode: kuwana, prefectureCode: '24', code: kuwana, level: 'municipal' };

type Caller = 'insurerIn' | 'insurerOut' | 'prefectureIn' | 'prefectureOut' | 'nationalAdmin' | 'nationalReviewer' | 'auditor';
const CALLERS: Record<Caller, { role: 'insurer' | 'prefecture' | 'national-admin' | 'national-reviewer' | 'auditor'; org: string }> = {
  insurerIn: { role: 'insurer', org: kuwana },
  insurerOut: { role: 'insurer', org: sapporo },
  prefectureIn: { role: 'prefecture', org: '24' },
  prefectureOut: { role: 'prefecture', org: '01' },
  nationalAdmin: { role: 'national-admin', org: 'MHLW' },
  nationalReviewer: { role: 'national-reviewer', org: 'MHLW' },
  auditor: { role: 'auditor', org: 'MHLW' },
};
type Outcome = 'ok' | 'out' | 'role' | 'shared' | 'scoped';
type Expectation = Record<Caller, Outcome>;

const national = { nationalAdmin: 'ok', nationalReviewer: 'ok', auditor: 'ok' } as const;
/** Everyone may read it. */
const EVERYONE: Expectation = { insurerIn: 'ok', insurerOut: 'ok', prefectureIn: 'ok', prefectureOut: 'ok', ...national };
/** The same for everyone: no organisation's data. */
const SHARED: Expectation = { insurerIn: 'shared', insurerOut: 'shared', prefectureIn: 'shared', prefectureOut: 'shared', ...national };
/** A browser navigation (a 303 redirect), the same answer for every caller, national ones included. */
const NAVIGATION: Expectation = { insurerIn: 'shared', insurerOut: 'shared', prefectureIn: 'shared', prefectureOut: 'shared', nationalAdmin: 'shared', nationalReviewer: 'shared', auditor: 'shared' };
/** National users and auditors only. */
const NATIONAL_ONLY: Expectation = { insurerIn: 'role', insurerOut: 'role', prefectureIn: 'role', prefectureOut: 'role', ...national };
/** One insurer's data (insurer 242055, or prefecture 24's municipality). */
const INSURER_24: Expectation = { insurerIn: 'ok', insurerOut: 'out', prefectureIn: 'ok', prefectureOut: 'out', ...national };
/** One prefecture's own data, or its list: prefecture 24 and the national users; no insurer. */
const PREFECTURE_24: Expectation = { insurerIn: 'out', insurerOut: 'out', prefectureIn: 'ok', prefectureOut: 'out', ...national };
/** A nation-wide list: national users and auditors; the others must name their prefecture or code. */
const NATIONAL_LIST: Expectation = { insurerIn: 'out', insurerOut: 'out', prefectureIn: 'out', prefectureOut: 'out', ...national };
/** A list filtered to the caller's scope. */
const SCOPED: Expectation = { insurerIn: 'scoped', insurerOut: 'scoped', prefectureIn: 'scoped', prefectureOut: 'scoped', ...national };

interface Case {
  readonly query?: string;
  readonly expect: Expectation;
  /** For `scoped`: the organisation codes of a 200 body. */
  readonly codes?: (body: never) => string[];
}

const insurerCodes = (body: { insurers: { code: string }[] }) => body.insurers.map((i) => i.code);
const figureCodes = (body: { figures: Record<string, { code: string }[]> }) => Object.entries(body.figures).flatMap(([id, list]) => list.map((f) => `${id}/${f.code}`));

/** Every GET route of the OpenAPI document, by its templated path. */
const READ_ROUTES: Record<string, readonly Case[]> = {
  '/health': [{ expect: EVERYONE }],
  '/health/projections': [{ expect: EVERYONE }],
  '/health/live': [{ expect: EVERYONE }],
  '/health/ready': [{ expect: EVERYONE }],
  '/auth/me': [{ expect: EVERYONE }],
  // The web app's session and OpenID Connect sign-in: no bearer caller has a session, and the sign-in redirects (303)
  // are the same for everyone (OIDC is not configured here, so they point at the sign-in page's explanation).
  '/auth/session': [{ expect: SHARED }],
  '/auth/oidc/login': [{ expect: NAVIGATION }],
  '/auth/oidc/callback': [{ expect: NAVIGATION }],
  '/frameworks': [{ expect: NATIONAL_ONLY }],
  '/fiscal-years': [{ expect: SHARED }],
  '/fiscal-years/{fiscalYear}': [{ expect: SHARED }],
  '/fiscal-years/{fiscalYear}/frameworks/{level}': [{ expect: SHARED }],
  '/fiscal-years/{fiscalYear}/readiness': [{ expect: NATIONAL_ONLY }],
  '/fiscal-years/{fiscalYear}/insurers': [
    { expect: SCOPED, codes: insurerCodes },
    { query: '?prefecture=24', expect: PREFECTURE_24 },
  ],
  '/fiscal-years/{fiscalYear}/national-figures': [{ expect: SCOPED, codes: figureCodes }],
  '/fiscal-years/{fiscalYear}/submissions': [{ expect: NATIONAL_LIST }, { query: '?prefecture=24', expect: PREFECTURE_24 }],
  '/fiscal-years/{fiscalYear}/submissions/{insurerCode}': [{ expect: INSURER_24 }],
  '/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}': [{ expect: PREFECTURE_24 }],
  '/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}/answers-template': [{ expect: { ...PREFECTURE_24, insurerIn: 'role', insurerOut: 'role' } }],
  '/fiscal-years/{fiscalYear}/scores/{insurerCode}': [{ expect: INSURER_24 }],
  '/fiscal-years/{fiscalYear}/prefecture-scores/{prefectureCode}': [{ expect: PREFECTURE_24 }],
  '/fiscal-years/{fiscalYear}/rankings': [{ expect: NATIONAL_LIST }, { query: '?prefecture=24', expect: PREFECTURE_24 }, { query: '?sizeBand=3', expect: NATIONAL_LIST }],
  '/fiscal-years/{fiscalYear}/indicator-statistics': [{ expect: SHARED }],
  '/fiscal-years/{fiscalYear}/calculations/latest': [{ expect: NATIONAL_LIST }, { query: `?code=${kuwana}`, expect: INSURER_24 }, { query: '?prefecture=24', expect: PREFECTURE_24 }],
  '/fiscal-years/{fiscalYear}/calculations/why/{code}': [{ expect: INSURER_24 }],
  '/fiscal-years/{fiscalYear}/calculations/draft/{code}': [{ expect: INSURER_24 }],
  '/fiscal-years/{fiscalYear}/calculations/pending': [{ expect: { ...NATIONAL_ONLY, nationalReviewer: 'role' } }],
  '/fiscal-years/{fiscalYear}/calculations/requests': [{ expect: NATIONAL_ONLY }],
  '/fiscal-years/{fiscalYear}/calculations/report': [{ expect: NATIONAL_ONLY }],
  '/audit/chain': [{ expect: NATIONAL_ONLY }],
  '/audit/checkpoints': [{ expect: NATIONAL_ONLY }],
  '/audit/fiscal-years/{fiscalYear}/replay': [{ expect: NATIONAL_ONLY }],
  '/audit/fiscal-years/{fiscalYear}/calculations': [{ expect: NATIONAL_ONLY }],
  '/audit/fiscal-years/{fiscalYear}/diff': [{ expect: NATIONAL_ONLY }],
  '/audit/fiscal-years/{fiscalYear}/timeline/{code}': [{ expect: NATIONAL_ONLY }],
  '/audit/fiscal-years/{fiscalYear}/recipients/{code}': [{ expect: NATIONAL_ONLY }],
  '/audit/export': [{ expect: NATIONAL_ONLY }, { query: '?fiscalYear=FY2024', expect: NATIONAL_ONLY }],
};

/** Whether a caller may read an organisation's data: the rule the service's scope checks implement. */
function inScope(caller: Caller, code: string): boolean {
  const { role, org } = CALLERS[caller];
  if (role === 'insurer') return code === org;
  if (role === 'prefecture') return code === org || (code.length === 6 && code.startsWith(org));
  return true;
}
/** The organisation code of a `scoped` entry (`indicatorId/code` for figures). */
const orgOf = (entry: string) => entry.slice(entry.lastIndexOf('/') + 1);

describe('every read route × role × organisation in and out of scope', () => {
  let testApp: TestApp;
  let app: INestApplication;
  let documented: string[];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 800))).expect(201);
    const insurers = [kuwana, yokkaichi, sapporo, hakodate].map((code, i) => ({ code, name: `市${i}`, category1InsuredPersons: 10_000 * (i + 1) }));
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    await sleep(1_200);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
    // National figures of one municipal and one prefectural indicator, for every organisation.
    const reviewer = bearer('national-reviewer', 'MHLW');
    for (const [level, codes] of [['municipal', insurers.map((i) => i.code)], ['prefectural', PREFECTURES.map((p) => p.code)]] as const) {
      const framework = (await http().get(`/fiscal-years/${FY}/frameworks/${level}`).set('Authorization', admin).expect(200)).body as Framework;
      const numeric = frameworkIndicators(framework).find(({ indicator }) => indicator.answerType === 'numeric');
      if (!numeric) throw new Error(`no numeric indicator in the ${level} framework`);
      const figures = codes.map((code, k) => ({ code, value: k + 1 }));
      await http().put(`/fiscal-years/${FY}/national-figures/${numeric.indicator.id}`).set('Authorization', reviewer).send({ figures }).expect(200);
    }
    const document = (await http().get('/docs-json').set('Authorization', admin).expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(document.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path)
      .sort();
  }, 60_000);
  afterAll(async () => testApp?.close());

  it('names every GET route of the OpenAPI document in the table', () => {
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((path) => !(path in READ_ROUTES))).toEqual([]);
  });

  describe.each(Object.entries(READ_ROUTES))('GET %s', (template, cases) => {
    it.each(cases.map((c) => [c.query || 'without a query', c] as const))('%s: each caller gets what the table says', async (_query, { query = '', expect: expectation, codes }) => {
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => PARAMS[name]) + query;
      const get = (caller: Caller) => http().get(path).set('Authorization', bearer(CALLERS[caller].role, CALLERS[caller].org));
      const reference = await get('nationalAdmin');
      for (const caller of Object.keys(CALLERS) as Caller[]) {
        const response = caller === 'nationalAdmin' ? reference : await get(caller);
        const outcome = expectation[caller];
        const seen = [path, caller, response.status, response.body?.code];
        if (outcome === 'out') expect(seen).toEqual([path, caller, 403, 'AUTH.OUT_OF_SCOPE']);
        else if (outcome === 'role') expect(seen).toEqual([path, caller, 403, 'AUTH.ROLE_NOT_ALLOWED']);
        else if (outcome === 'ok') expect([path, caller, [200, 404, 409].includes(response.status)]).toEqual([path, caller, true]);
        else if (outcome === 'shared') {
          expect([path, caller, response.status, response.body]).toEqual([path, caller, reference.status, reference.body]);
        } else {
          if (!codes) throw new Error(`${template}: a scoped case needs codes`);
          expect([path, caller, response.status, reference.status]).toEqual([path, caller, 200, 200]);
          const everything = codes(reference.body as never);
          const mine = everything.filter((entry) => inScope(caller, orgOf(entry)));
          // The reference holds organisations out of this caller's scope, so the filter is really tested.
          expect(mine.length).toBeGreaterThan(0);
          expect(mine.length).toBeLessThan(everything.length);
          expect([path, caller, codes(response.body as never)]).toEqual([path, caller, mine]);
        }
      }
    });
  });
});
