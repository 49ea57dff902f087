import { useState } from 'react';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice } from '../components/page';
import { jstDateTime } from '../format/format';
import { useCalculations } from './calculation-queries';
import { usePublishDraft, useRequests } from './year-queries';

/** 内示: the latest trial published as each recipient's 交付見込額（案）, after which the phase may move to 内示済. */
export function DraftPublish({ fiscalYear }: { fiscalYear: string }) {
  const calculations = useCalculations(fiscalYear);
  const requests = useRequests(fiscalYear);
  const publish = usePublishDraft(fiscalYear);
  const [confirming, setConfirming] = useState(false);
  const trials = (calculations.data?.calculations ?? []).filter((c) => c.ref.startsWith('trial:'));
  const latest = trials.at(-1);
  const latestNumber = latest ? Number(latest.ref.slice('trial:'.length)) : undefined;
  const published = requests.data?.draftTrialNumber ?? null;

  return (
    <div className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
      <h3 className="text-std-20B-150">内示（交付見込額（案）の公表）</h3>
      {published !== null ? (
        <Notice tone="success" title={`試算 ${published} を内示しました`}>
          {jstDateTime(requests.data?.publishedAt)} に公表しました。各団体は自らの案を見られます。次に段階を「内示済」に進めてください。
        </Notice>
      ) : latestNumber === undefined ? (
        <p className="text-std-16N-170">内示するには、まず「交付額の算定」のページで試算を実行してください。</p>
      ) : (
        <p className="text-std-16N-170">最新の試算（試算 {latestNumber}、{jstDateTime(latest?.recordedAt)}）を各団体の交付見込額（案）として内示します。</p>
      )}
      {publish.error && !confirming && <Notice tone="error" title="内示できませんでした">{publish.error.message}</Notice>}
      {latestNumber !== undefined && published !== latestNumber && (
        <div>
          <Button onClick={() => (publish.reset(), setConfirming(true))}>試算 {latestNumber} を内示する</Button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title="内示しますか"
        confirmLabel="内示する"
        busy={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => latestNumber !== undefined && publish.mutate(latestNumber, { onSettled: () => setConfirming(false) })}
      >
        <p>試算 {latestNumber} の額を交付見込額（案）として全団体に公表します。所要見込額はこの案に対して受け付けます。</p>
      </ConfirmDialog>
    </div>
  );
}
