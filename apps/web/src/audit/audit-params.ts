import { useSearchParams } from 'react-router-dom';
import { useYears } from '../years/queries';

/**
 * What an audit page looks at, kept in its address (`?fy=FY2024&code=242012&asOf=…`) so that a finding can be sent
 * as a link: the year defaults to the newest finalized one, else the newest.
 */
export function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const { years } = useYears();
  const fiscalYear = params.get('fy') ?? (years.find((y) => y.phase === 'finalized') ?? years[0])?.fiscalYear ?? '';
  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (!next.has('fy') && fiscalYear) next.set('fy', fiscalYear);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  return { fiscalYear, get: (key: string) => params.get(key) ?? undefined, set };
}
