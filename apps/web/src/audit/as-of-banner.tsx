import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../components/button';
import { asOfLabel } from './audit-ui';
import { setAsOfMode, useAsOfMode } from './as-of-mode';

/** Shown above every page while the pages show the records as of a chosen moment, with the way back to now. */
export function AsOfBanner() {
  const asOf = useAsOfMode();
  const queries = useQueryClient();
  if (!asOf) return null;
  return (
    <div role="status" data-testid="as-of-banner" className="border-b-4 border-warning-yellow-2 bg-yellow-50">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-6 py-3">
        <p className="text-std-16B-170 text-solid-gray-900">
          {asOfLabel(asOf)}の記録を表示しています。表示は過去の状態で、今の状態ではありません。保存・提出などの操作は、現在の表示に戻してから行えます。
        </p>
        <Button
          variant="secondary"
          onClick={() => {
            setAsOfMode(undefined);
            void queries.resetQueries();
          }}
        >
          現在の表示に戻す
        </Button>
      </div>
    </div>
  );
}
