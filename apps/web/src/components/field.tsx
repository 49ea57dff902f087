import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

type Control = ReactElement<{ 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

/**
 * A labelled form control with its hint and its error. The control (the one element given as children) is tied to
 * both for screen readers: `aria-describedby` names the hint and the error shown, and `aria-invalid` is set while
 * there is an error.
 */
export function Field({ id, label, required, hint, error, children }: { id: string; label: ReactNode; required?: boolean; hint?: string; error?: string; children: ReactNode }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const control = isValidElement(children)
    ? cloneElement(children as Control, {
        'aria-describedby': [(children as Control).props['aria-describedby'], describedBy].filter(Boolean).join(' ') || undefined,
        'aria-invalid': error ? true : undefined,
      })
    : children;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170">
        {label}
        {required && <span className="ml-2 text-dns-14B-130 text-error-2">必須</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-std-16N-170 text-solid-gray-800">
          {hint}
        </p>
      )}
      {control}
      {error && (
        <p id={`${id}-error`} className="text-std-16N-170 text-error-2">
          {error}
        </p>
      )}
    </div>
  );
}
