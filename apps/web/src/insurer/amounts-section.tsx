import { Loading, Notice, Section } from '../components/page';
import { thousandYen, warekiDateTime } from '../format/format';
import { POOL_LABELS, useAmounts, useDraft, useExplanation } from '../submissions/amounts';
import { WhyAmount } from './why-amount';

const th = 'border border-solid-gray-420 bg-solid-gray-50 px-2 py-1 text-dns-14B-130';
const td = 'border border-solid-gray-420 px-2 py-1 text-right text-dns-16N-130';

/**
 * 交付額: per grant the 交付見込額（案） once published (内示), the 確定額 and 追加交付 once finalized, and why the
 * amount is what it is. A trial that was not published is not shown.
 */
export function AmountsSection({ fiscalYear, code }: { fiscalYear: string; code: string }) {
  const draft = useDraft(fiscalYear, code);
  const amounts = useAmounts(fiscalYear, { code });
  const finalized = amounts.data?.finalized ?? null;
  const explained = amounts.data ? finalized !== null || (draft.data !== null && draft.data !== undefined && amounts.data.calculation === `trial:${draft.data.trialNumber}`) : false;
  const why = useExplanation(fiscalYear, code, explained);

  if (draft.isLoading || amounts.isLoading) return <Loading what="交付額" />;
  const failure = draft.error ?? amounts.error ?? why.error;
  const pools = (['suishin-municipal', 'shien-municipal'] as const).map((pool) => {
    const allocation = amounts.data?.pools.find((p) => p.pool === pool)?.recipients[0];
    const drafted = draft.data?.pools.find((p) => p.pool === pool);
    return { pool, draftYen: drafted?.draftYen ?? allocation?.draftYen ?? null, finalYen: finalized ? (allocation?.amountYen ?? null) : null, additionalYen: finalized ? (allocation?.additionalYen ?? null) : null };
  });

  return (
    <Section title="交付額" id="amounts">
      {failure && <Notice tone="error">{failure.message}</Notice>}
      {!draft.data && !finalized ? (
        <Notice title="内示はまだです">国が試算を内示すると、交付金ごとの交付見込額（案）が千円単位で表示されます。</Notice>
      ) : (
        <>
          <p className="text-std-16N-170">
            {draft.data ? `内示: ${warekiDateTime(draft.data.publishedAt)}（試算 ${draft.data.trialNumber}）。` : ''}
            {finalized ? `確定: ${warekiDateTime(finalized.finalizedAt)}。` : '確定額は国の確定後に表示されます。'}
          </p>
          <table className="result-table w-full max-w-4xl border-collapse text-left">
            <caption className="sr-only">交付金ごとの交付額（案・確定・追加交付）</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>
                  交付金
                </th>
                <th scope="col" className={`${th} text-right`}>
                  交付見込額（案）
                </th>
                <th scope="col" className={`${th} text-right`}>
                  確定額
                </th>
                <th scope="col" className={`${th} text-right`}>
                  うち追加交付
                </th>
              </tr>
            </thead>
            <tbody>
              {pools.map((p) => (
                <tr key={p.pool}>
                  <th scope="row" className="border border-solid-gray-420 px-2 py-1 text-std-16N-170 font-normal">
                    {POOL_LABELS[p.pool]}
                  </th>
                  <td className={td}>{thousandYen(p.draftYen)}</td>
                  <td className={`${td} font-bold`}>{thousandYen(p.finalYen)}</td>
                  <td className={td}>{thousandYen(p.additionalYen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {why.data && (
        <section aria-labelledby="why-title" className="flex flex-col gap-3">
          <h3 id="why-title" className="text-std-20B-150">
            この金額になった理由
          </h3>
          <WhyAmount explanation={why.data} finalized={finalized !== null} />
        </section>
      )}
    </Section>
  );
}
