import { useId } from 'react';
import type { FiscalYearListEntry } from '../api/types';
import { fiscalYearLabel } from '../format/format';
import { PHASE_LABELS } from './queries';

/** The year in front of the user: the newest that is still open for submissions, else the newest. */
export function defaultYear(years: readonly FiscalYearListEntry[]): FiscalYearListEntry | undefined {
  return years.find((y) => y.phase === 'open') ?? years[0];
}

export function YearPicker({ years, value, onChange }: { years: readonly FiscalYearListEntry[]; value: string; onChange: (fiscalYear: string) => void }) {
  const id = useId();
  if (years.length <= 1) return null;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170">
        年度
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
        {years.map((y) => (
          <option key={y.fiscalYear} value={y.fiscalYear}>
            {fiscalYearLabel(y.fiscalYear)}・{PHASE_LABELS[y.phase]}
          </option>
        ))}
      </select>
    </div>
  );
}
