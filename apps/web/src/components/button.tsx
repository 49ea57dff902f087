import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'text';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-blue-900 text-white border-2 border-blue-900 hover:bg-blue-1000 hover:border-blue-1000 hover:underline active:bg-blue-1200',
  secondary: 'bg-white text-blue-900 border-2 border-blue-900 hover:bg-blue-50 hover:underline active:bg-blue-100',
  danger: 'bg-error-2 text-white border-2 border-error-2 hover:bg-red-1000 hover:underline',
  text: 'bg-transparent text-blue-900 underline border-2 border-transparent hover:bg-blue-50',
};

/** デジタル庁デザインシステムのボタン: solid (primary), outlined (secondary), a destructive one, and a text button. */
export function Button({ variant = 'primary', className = '', type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type={type}
      className={`inline-flex min-h-11 items-center justify-center gap-2 rounded-8 px-4 py-2 text-oln-16B-100 disabled:cursor-not-allowed disabled:border-solid-gray-300 disabled:bg-solid-gray-300 disabled:text-solid-gray-700 disabled:no-underline ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
