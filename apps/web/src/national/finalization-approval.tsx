import type { PendingApprovals } from '../api/types';
import { Facts } from '../components/page';
import { jstDateTime, thousandYen } from '../format/format';
import { POOL_LABELS } from './calculation-queries';
import { Table, td } from './ui';

type Waiting = NonNullable<PendingApprovals['finalization']>;

/**
 * What the approver decides on: the trial, who asked and when, and per pool the budget, what is placed and left; in a
 * settlement year also Σ案 (the published draft) and Σ追加交付 (the freed money paid to those who asked for more).
 */
export function FinalizationDetails({ waiting, settles }: { waiting: Waiting; settles: boolean }) {
  const withSettlement = settles && waiting.pools.some((p) => p.draftYen !== undefined);
  const headers = ['交付金区分', '予算額', ...(withSettlement ? ['Σ案', 'Σ追加交付'] : []), '配分額（確定）', '未配分額', '交付先'];
  return (
    <>
      <Facts
        items={[
          ['起案された試算', `試算 ${waiting.trialNumber}${withSettlement ? '（所要見込額による精算）' : ''}`],
          ['起案者', waiting.requestedBy],
          ['起案日時（日本時間）', jstDateTime(waiting.requestedAt)],
          ['配分額の合計', thousandYen(waiting.placedYen)],
          ['未配分額', thousandYen(waiting.unallocatedYen)],
        ]}
      />
      <Table caption="決裁待ちの試算の区分別の額" headers={headers} right={headers.map((_, i) => i).filter((i) => i > 0)}>
        {waiting.pools.map((p) => (
          <tr key={p.pool} className="border-b border-solid-gray-200">
            <th scope="row" className={`${td} font-normal`}>
              {POOL_LABELS[p.pool]}
            </th>
            <td className={`${td} text-right`}>{thousandYen(p.poolYen)}</td>
            {withSettlement && <td className={`${td} text-right`}>{thousandYen(p.draftYen)}</td>}
            {withSettlement && <td className={`${td} text-right`}>{thousandYen(p.additionalYen)}</td>}
            <td className={`${td} text-right`}>{thousandYen(p.placedYen)}</td>
            <td className={`${td} text-right`}>{thousandYen(p.unallocatedYen)}</td>
            <td className={`${td} text-right`}>{p.recipients.toLocaleString('ja-JP')}団体</td>
          </tr>
        ))}
      </Table>
      {withSettlement && <p className="text-std-16N-170">確定額は、所要見込額が案を下回る団体はその所要見込額、それ以外の団体は案＋追加交付です（千円未満切捨て、端数は未配分額に含みます）。</p>}
    </>
  );
}
