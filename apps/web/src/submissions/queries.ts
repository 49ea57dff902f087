import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import type { Answer, InsurerList, SubmissionList, SubmissionView } from '../api/types';

/** The OpenAPI document describes an answer only by its example, so the body's map is typed loosely there. */
type AnswersBody = Record<string, never>;

/** One insurer's self-evaluation: status, answers and history (GET …/submissions/{code}). */
export function useSubmission(fiscalYear: string, insurerCode: string) {
  return useQuery({
    queryKey: ['submission', fiscalYear, insurerCode],
    queryFn: () => answer<SubmissionView>(api.GET('/fiscal-years/{fiscalYear}/submissions/{insurerCode}', { params: { path: { fiscalYear, insurerCode } } })),
  });
}

/** A prefecture's municipalities as registered (names) and where each self-evaluation stands. */
export function usePrefectureBoard(fiscalYear: string, prefecture: string) {
  const insurers = useQuery({
    queryKey: ['insurers', fiscalYear, prefecture],
    queryFn: () => answer<InsurerList>(api.GET('/fiscal-years/{fiscalYear}/insurers', { params: { path: { fiscalYear }, query: { prefecture } } })),
  });
  const submissions = useQuery({
    queryKey: ['submissions', fiscalYear, prefecture],
    queryFn: () => answer<SubmissionList>(api.GET('/fiscal-years/{fiscalYear}/submissions', { params: { path: { fiscalYear }, query: { prefecture } } })),
  });
  return { insurers, submissions };
}

function useInvalidateSubmission(fiscalYear: string, insurerCode: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['submission', fiscalYear, insurerCode] }),
      client.invalidateQueries({ queryKey: ['submissions', fiscalYear] }),
    ]);
}

/** 一時保存: the answers given so far (the service keeps earlier answers not sent again). */
export function useSaveAnswers(fiscalYear: string, insurerCode: string) {
  const invalidate = useInvalidateSubmission(fiscalYear, insurerCode);
  return useMutation({
    mutationFn: (answers: Record<string, Answer>) =>
      answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/answers', { params: { path: { fiscalYear, insurerCode } }, body: { answers: answers as AnswersBody } })),
    onSuccess: invalidate,
  });
}

/** 提出: saves the answers, then submits (the service refuses with the missing indicators when some are unanswered). */
export function useSubmit(fiscalYear: string, insurerCode: string) {
  const invalidate = useInvalidateSubmission(fiscalYear, insurerCode);
  return useMutation({
    mutationFn: async (answers: Record<string, Answer>) => {
      const path = { fiscalYear, insurerCode };
      await answer<unknown>(api.PUT('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/answers', { params: { path }, body: { answers: answers as AnswersBody } }));
      return answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/submit', { params: { path } }));
    },
    onSuccess: invalidate,
  });
}

/** 差戻し with the reason and the date until which the insurer may amend and resubmit. */
export function useReturnSubmission(fiscalYear: string, insurerCode: string) {
  const invalidate = useInvalidateSubmission(fiscalYear, insurerCode);
  return useMutation({
    mutationFn: (body: { reason: string; reopenUntil: string }) =>
      answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/return', { params: { path: { fiscalYear, insurerCode } }, body })),
    onSuccess: invalidate,
  });
}

/** 履歴の出来事の名前. */
export const EVENT_LABELS: Record<string, string> = {
  AnswersSaved: '回答を保存',
  SubmissionSubmitted: '提出',
  SubmissionReturned: '差戻し',
  AnswerReviewed: '国の審査',
  MunicipalAmountsRequested: '所要見込額を登録',
  InsurersRegistered: '保険者名簿に登録',
};
