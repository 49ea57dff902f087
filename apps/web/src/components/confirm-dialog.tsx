import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';

/**
 * A modal confirmation (the native <dialog>: focus moves in and is trapped, Esc cancels). Every action that changes
 * a year, a submission or an amount asks here first, naming what will happen.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
  danger = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-16 border-0 p-0 shadow-4 backdrop:bg-opacity-gray-500"
    >
      <div className="flex flex-col gap-4 p-6">
        <h2 id={titleId} className="text-std-24B-150 text-solid-gray-900">
          {title}
        </h2>
        <div className="text-std-16N-170 text-solid-gray-900">{children}</div>
        <div className="flex flex-wrap justify-end gap-3">
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            キャンセル
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy}>
            {busy ? '処理中…' : confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
