import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import type { Answer, InsurerList, SubmissionList } from '../api/types';

/** Every submitted self-evaluation of the year, with the insurers' names (the national review queue). */
export function useReviewQueue(fiscalYear: string) {
  const submissions = useQuery({
    queryKey: ['submissions', fiscalYear, 'submitted'],
    enabled: fiscalYear !== '',
    queryFn: () => answer<SubmissionList>(api.GET('/fiscal-years/{fiscalYear}/submissions', { params: { path: { fiscalYear }, query: { status: 'submitted' } } })),
  });
  const insurers = useQuery({
    queryKey: ['insurers', fiscalYear, 'all'],
    enabled: fiscalYear !== '',
    queryFn: () => answer<InsurerList>(api.GET('/fiscal-years/{fiscalYear}/insurers', { params: { path: { fiscalYear } } })),
  });
  return { submissions, insurers };
}

export type Review = { indicatorId: string; decision: 'accepted' } | { indicatorId: string; decision: 'corrected'; answer: Answer; reason: string };

/** 確認 or 訂正 of one answer by the national reviewer (a correction carries the corrected answer and its reason). */
export function useReviewAnswer(fiscalYear: string, insurerCode: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (review: Review) =>
      answer<unknown>(
        api.POST('/fiscal-years/{fiscalYear}/submissions/{insurerCode}/reviews', {
          params: { path: { fiscalYear, insurerCode } },
          body: review as Review & { answer?: Record<string, never> },
        }),
      ),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: ['submission', fiscalYear, insurerCode] }), client.invalidateQueries({ queryKey: ['submissions', fiscalYear] })]),
  });
}
