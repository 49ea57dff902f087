import type { ReactNode } from 'react';

/** Every page has one h1 (STYLE.md 29); `lead` says in a sentence what the page is for. */
export function Page({ title, lead, actions, children }: { title: string; lead?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
          {lead && <p className="mt-2 text-std-16N-170 text-solid-gray-800">{lead}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-end gap-3">{actions}</div>}
      </div>
      {children}
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-std-24B-150 text-solid-gray-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

type Tone = 'info' | 'success' | 'warning' | 'error';
const TONES: Record<Tone, string> = {
  info: 'border-blue-900 bg-blue-50',
  success: 'border-success-2 bg-green-50',
  warning: 'border-warning-yellow-2 bg-yellow-50',
  error: 'border-error-2 bg-red-50',
};

/** A notice box: errors are announced (role="alert"), the rest are read in place (role="status"). */
export function Notice({ tone = 'info', title, children }: { tone?: Tone; title?: string; children?: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-8 border-l-8 border-2 px-4 py-3 text-std-16N-170 text-solid-gray-900 ${TONES[tone]}`}>
      {title && <p className="text-std-17B-170">{title}</p>}
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="text-std-16N-170 text-solid-gray-800">
      {what}を読み込んでいます…
    </p>
  );
}

/** A description list of label → value pairs, for a year's or a submission's facts. */
export function Facts({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-8 border border-solid-gray-420 p-4 sm:grid-cols-[max-content_1fr]">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-std-16B-170 text-solid-gray-800">{label}</dt>
          <dd className="text-std-16N-170 text-solid-gray-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
