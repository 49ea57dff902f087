import { useId, useState, type ReactNode } from 'react';
import { Button } from '../components/button';
import { AuditYearSelect } from './audit-ui';

const RECIPIENT = /^(\d{2}|\d{6})$/;

/** The year and the recipient (保険者番号 or 都道府県コード) an audit page looks at; `extra` adds the page's own fields. */
export function RecipientForm({
  fiscalYear,
  code,
  onSubmit,
  extra,
  submitLabel = '表示する',
}: {
  fiscalYear: string;
  code: string | undefined;
  onSubmit: (values: { fy: string; code: string }) => void;
  extra?: ReactNode;
  submitLabel?: string;
}) {
  const [year, setYear] = useState<string>();
  const [typed, setTyped] = useState<string>();
  const codeId = useId();
  const value = typed ?? code ?? '';
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ fy: year ?? fiscalYear, code: value.trim() });
      }}
    >
      <AuditYearSelect value={year ?? fiscalYear} onChange={setYear} />
      <div className="flex flex-col gap-1">
        <label htmlFor={codeId} className="text-std-16B-170">
          保険者番号（6桁）または都道府県コード（2桁）
        </label>
        <input id={codeId} value={value} onChange={(event) => setTyped(event.target.value)} inputMode="numeric" className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170" />
      </div>
      {extra}
      <Button type="submit" disabled={!RECIPIENT.test(value.trim())}>
        {submitLabel}
      </Button>
    </form>
  );
}
