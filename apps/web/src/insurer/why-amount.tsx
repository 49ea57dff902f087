import { japanese } from '../format/format';
import { type AmountExplanation, type PoolExplanation, yenFigure } from '../submissions/amounts';

const COMPONENT_LABELS: Record<string, string> = { A: '基本配分枠等（A）', C: '激変緩和措置（C）' };

/** The Japanese of the API's bilingual labels: `得点 (score)` and `…（…） / English` alike. */
const ja = (text: string): string => japanese(text).replace(/\s*\([A-Za-z][^)]*\)\s*$/, '');

/** A decimal figure (a weight, a sum) with separators; the API's exact string where it is not an integer. */
const figure = (value: string): string => (/^\d+$/.test(value) ? BigInt(value).toLocaleString('ja-JP') : value);

/** `12,345,678.123456` yen before rounding, with separators in the integer part. */
const exactYen = (value: string): string => {
  const [whole, fraction] = value.split('.');
  return `${/^\d+$/.test(whole) ? BigInt(whole).toLocaleString('ja-JP') : whole}${fraction ? `.${fraction}` : ''}円`;
};

/** この金額になった理由: per grant, the steps of the calculation as the API explains them. */
export function WhyAmount({ explanation, finalized }: { explanation: AmountExplanation; finalized: boolean }) {
  return (
    <div className="flex flex-col gap-4" data-testid="why-amount">
      <p className="text-std-16N-170">
        交付額は、交付金ごとに「重み」（{explanation.pools[0] ? ja(explanation.pools[0].weightRule) : '得点 × 第1号被保険者数'}）が全国の重みの合計に占める割合で総額を按分し、上限（所要見込額）と端数処理を適用して決まります。
        {finalized ? '以下は確定した算定の内訳です。' : `以下は試算 ${explanation.calculation.trialNumber} の内訳です。`}
      </p>
      {explanation.pools.map((pool) => (
        <PoolSteps key={pool.pool} pool={pool} finalized={finalized} />
      ))}
    </div>
  );
}

function PoolSteps({ pool, finalized }: { pool: PoolExplanation; finalized: boolean }) {
  const steps: [string, string][] = [
    ['交付金の総額', yenFigure(pool.poolYen)],
    [`重み（${ja(pool.weightRule)}）`, figure(pool.weight)],
    ['全国の重みの合計', figure(pool.nationalWeightSum)],
    ['全国に占める割合', `${figure(pool.weight)} ÷ ${figure(pool.nationalWeightSum)}`],
    ['按分額（端数処理前）', exactYen(pool.exactShareYen)],
    ['上限（所要見込額）', pool.capYen === null ? '上限なし（所要見込額の登録なし）' : `${yenFigure(pool.capYen)}${pool.capped ? '（上限に達したため上限額で交付）' : '（上限には達していません）'}`],
    ['端数処理', ja(pool.rounding)],
    ['再配分の回数', `${pool.redistributionRounds}回`],
  ];
  for (const [id, yen] of Object.entries(pool.components ?? {})) steps.push([`案の内訳：${COMPONENT_LABELS[id] ?? id}`, yenFigure(yen)]);
  if (pool.draftYen !== undefined) steps.push(['交付見込額（案）', yenFigure(pool.draftYen)]);
  if (pool.additionalYen !== undefined) steps.push(['追加交付', yenFigure(pool.additionalYen)]);
  steps.push([finalized ? '交付額（確定）' : '交付額（試算）', `${yenFigure(pool.amountYen)}（${BigInt(pool.amountThousandYen).toLocaleString('ja-JP')}千円）`]);
  return (
    <section aria-label={`${pool.title}の算定の内訳`} className="break-inside-avoid rounded-8 border border-solid-gray-420 p-4">
      <h3 className="mb-2 text-std-17B-170">{pool.title}</h3>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        {steps.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-std-16B-170 text-solid-gray-800">{label}</dt>
            <dd className="text-std-16N-170 text-solid-gray-900">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
