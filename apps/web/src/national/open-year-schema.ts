import { z } from 'zod';
import { jstInputToIso } from '../format/format';

const yen = z
  .string()
  .transform((v) => v.replace(/[,，\s]/g, ''))
  .pipe(z.string().regex(/^(0|[1-9]\d{0,15})$/, '0 以上の整数（円）で入力してください。'));
const dueAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '日時を入力してください。');
const framework = z.object({ mode: z.enum(['shipped', 'file']), id: z.string(), json: z.record(z.string(), z.unknown()).optional(), fileName: z.string().optional() });

export const openYearSchema = z
  .object({
    fiscalYear: z.string().regex(/^FY20[1-9]\d$/, '年度を選んでください。'),
    suishinMunicipalYen: yen,
    suishinPrefecturalYen: yen,
    shienMunicipalYen: yen,
    shienPrefecturalYen: yen,
    municipal: framework,
    prefectural: framework,
    submissionsDueAt: dueAt,
    prefectureSubmissionsDueAt: dueAt,
    reviewDueAt: dueAt,
    allocationRuleVersion: z.string().min(1, '配分ルールを選んでください。'),
  })
  .superRefine((v, ctx) => {
    for (const level of ['municipal', 'prefectural'] as const) {
      if (v[level].mode === 'file' && !v[level].json) ctx.addIssue({ code: 'custom', path: [level, 'json'], message: '指標体系のファイル（JSON）を選んでください。' });
    }
    const order = [v.submissionsDueAt, v.prefectureSubmissionsDueAt, v.reviewDueAt];
    if (order.every((d) => /T/.test(d)) && !(order[0] <= order[1] && order[1] <= order[2])) {
      ctx.addIssue({ code: 'custom', path: ['reviewDueAt'], message: '期限は 保険者 → 都道府県 → 国の審査 の順になるように入力してください。' });
    }
  });
export type OpenYearInput = z.input<typeof openYearSchema>;
export type OpenYearValues = z.output<typeof openYearSchema>;

/** The body of POST /fiscal-years: shipped framework ids, or the uploaded JSON. */
export function openYearBody(v: OpenYearValues) {
  const frameworkOf = (level: 'municipal' | 'prefectural') =>
    v[level].mode === 'file' ? { [`${level}Framework`]: v[level].json } : { [`${level}FrameworkId`]: v[level].id };
  return {
    fiscalYear: v.fiscalYear,
    pools: { suishinMunicipalYen: v.suishinMunicipalYen, suishinPrefecturalYen: v.suishinPrefecturalYen, shienMunicipalYen: v.shienMunicipalYen, shienPrefecturalYen: v.shienPrefecturalYen },
    ...frameworkOf('municipal'),
    ...frameworkOf('prefectural'),
    deadlines: { submissionsDueAt: jstInputToIso(v.submissionsDueAt), prefectureSubmissionsDueAt: jstInputToIso(v.prefectureSubmissionsDueAt), reviewDueAt: jstInputToIso(v.reviewDueAt) },
    allocationRuleVersion: v.allocationRuleVersion,
  };
}
