import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import type { Answer } from '../api/types';

/** GET …/prefectures/{pref} (get-prefecture-submission.query.ts): the prefecture's own self-evaluation. */
export interface PrefectureSubmissionView {
  readonly fiscalYear: string;
  readonly prefectureCode: string;
  readonly status: 'not_started' | 'draft' | 'submitted';
  readonly answers: Readonly<Record<string, Answer>>;
  readonly corrections: Readonly<Record<string, Answer>>;
  readonly requested: { readonly suishinYen: string; readonly shienYen: string } | null;
  readonly version: string;
}

export interface RequestedYen {
  readonly suishinYen: string;
  readonly shienYen: string;
}

/** The OpenAPI document describes an answer only by its example, so the body's map is typed loosely there. */
type AnswersBody = Record<string, never>;

const key = (fiscalYear: string, prefectureCode: string) => ['prefecture-submission', fiscalYear, prefectureCode];

export function useOwnSubmission(fiscalYear: string, prefectureCode: string) {
  return useQuery({
    queryKey: key(fiscalYear, prefectureCode),
    queryFn: () => answer<PrefectureSubmissionView>(api.GET('/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}', { params: { path: { fiscalYear, prefectureCode } } })),
  });
}

/** 一時保存 and 提出 of the prefecture's own answers; 提出 saves first, as the insurers' form does. */
export function useOwnAnswers(fiscalYear: string, prefectureCode: string) {
  const client = useQueryClient();
  const path = { fiscalYear, prefectureCode };
  const invalidate = () => client.invalidateQueries({ queryKey: key(fiscalYear, prefectureCode) });
  const save = useMutation({
    mutationFn: (answers: Record<string, Answer>) => answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}/answers', { params: { path }, body: { answers: answers as AnswersBody } })),
    onSuccess: invalidate,
  });
  const submit = useMutation({
    mutationFn: async (answers: Record<string, Answer>) => {
      await answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}/answers', { params: { path }, body: { answers: answers as AnswersBody } }));
      return answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}/submit', { params: { path } }));
    },
    onSuccess: invalidate,
  });
  return { save, submit };
}

/** 所要見込額 of the prefecture itself (a 2-digit code) or of one of its municipalities (a 6-digit 保険者番号). */
export function useRequestAmounts(fiscalYear: string, prefectureCode: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ code, amounts }: { code: string; amounts: RequestedYen }) =>
      code === prefectureCode
        ? answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/prefectures/{prefectureCode}/requested-amounts', { params: { path: { fiscalYear, prefectureCode } }, body: amounts }))
        : answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/requested-amounts', { params: { path: { fiscalYear, insurerCode: code } }, body: amounts })),
    onSuccess: (_, { code }) =>
      Promise.all([client.invalidateQueries({ queryKey: key(fiscalYear, prefectureCode) }), client.invalidateQueries({ queryKey: ['submission', fiscalYear, code] })]),
  });
}
