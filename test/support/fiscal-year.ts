import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Framework, frameworkIndicators } from '@grants/domain';
import { bearer } from './tokens';

/** 推進 and 支援, municipal and prefectural, as a national budget would split them (yen as decimal strings). */
export const NATIONAL_POOLS = {
  suishinMunicipalYen: '19000000000',
  suishinPrefecturalYen: '1000000000',
  shienMunicipalYen: '19000000000',
  shienPrefecturalYen: '1000000000',
} as const;

/** The body of POST /fiscal-years: submissions due at `dueAt`, the prefectures' and the review's deadlines just after. */
export function openFiscalYearBody(fiscalYear: string, dueAt: Date, pools: Record<string, string> = NATIONAL_POOLS) {
  return {
    fiscalYear,
    pools,
    deadlines: {
      submissionsDueAt: dueAt.toISOString(),
      prefectureSubmissionsDueAt: new Date(dueAt.getTime() + 100).toISOString(),
      reviewDueAt: new Date(dueAt.getTime() + 200).toISOString(),
    },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  };
}

/** An answer to every self-assessed indicator: yes, and each choice indicator's first option. */
export function simpleAnswers(framework: Framework): Record<string, object> {
  const answers: Record<string, object> = {};
  for (const { indicator } of frameworkIndicators(framework)) {
    if (indicator.answerType === 'yes_no') answers[indicator.id] = { answerType: 'yes_no', yes: true };
    if (indicator.answerType === 'choice') answers[indicator.id] = { answerType: 'choice', optionIds: [indicator.options[0].id] };
  }
  return answers;
}

/**
 * A small opened year brought to `scored` over HTTP: the insurers registered (テスト市1…, 10,000 × i insured), each
 * answering `simpleAnswers` and submitting, submissions closed once `dueAt` has passed, national figures for every
 * numeric indicator ranked by code (insurers and the 47 prefectures), then review completed and scored.
 */
export async function walkOpenedYearToScored(app: INestApplication, fiscalYear: string, codes: readonly string[], admin: string, dueAt: Date): Promise<void> {
  const http = () => request(app.getHttpServer());
  const insurers = codes.map((code, i) => ({ code, name: `テスト市${i + 1}`, category1InsuredPersons: 10_000 * (i + 1) }));
  await http().put(`/fiscal-years/${fiscalYear}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
  const framework: Framework = (await http().get(`/fiscal-years/${fiscalYear}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
  for (const code of codes) {
    await http().put(`/fiscal-years/${fiscalYear}/submissions/${code}/answers`).set('Authorization', bearer('insurer', code)).send({ answers: simpleAnswers(framework) }).expect(200);
    await http().post(`/fiscal-years/${fiscalYear}/submissions/${code}/submit`).set('Authorization', bearer('insurer', code)).expect(200);
  }
  await sleep(Math.max(0, dueAt.getTime() + 300 - Date.now()));
  await http().post(`/fiscal-years/${fiscalYear}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
  const prefectural: Framework = (await http().get(`/fiscal-years/${fiscalYear}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
  const prefectures = Array.from({ length: 47 }, (_, p) => String(p + 1).padStart(2, '0'));
  for (const [level, recipients] of [[framework, codes], [prefectural, prefectures]] as const) {
    for (const { indicator } of frameworkIndicators(level)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = recipients.map((code, k) => ({ code, value: indicator.direction === 'higherIsBetter' ? 100 - k : k }));
      await http().put(`/fiscal-years/${fiscalYear}/national-figures/${indicator.id}`).set('Authorization', admin).send({ figures }).expect(200);
    }
  }
  await http().post(`/fiscal-years/${fiscalYear}/phase`).set('Authorization', admin).send({ to: 'review_completed' }).expect(200);
  await http().post(`/fiscal-years/${fiscalYear}/phase`).set('Authorization', admin).send({ to: 'scored' }).expect(200);
}
