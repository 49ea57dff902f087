import { RecordedPool } from '../grant-calculation/grant-calculation';
import { comparePools } from './replay';

const legacy: RecordedPool = {
  pool: 'suishin-municipal',
  poolYen: '10000000',
  placedYen: '10000000',
  unallocatedYen: '0',
  rounds: 1,
  recipients: [{ code: '011002', weight: '1', capYen: null, capped: false, exactShareYen: '10000000.000', amountYen: '10000000' }],
};
const settled: RecordedPool = {
  ...legacy,
  rounding: 'floor',
  draftYen: '10000000',
  freedYen: '0',
  additionalYen: '0',
  roundingRemainderYen: '0',
  unplacedYen: '0',
  recipients: [{ ...legacy.recipients[0], draftYen: '10000000', additionalYen: '0', components: { A: '10000000' }, filled: false }],
};

function mismatches(recorded: RecordedPool, recomputed: RecordedPool): string[] {
  const found: string[] = [];
  comparePools([recorded], [recomputed], (recipient, field, was, now) => found.push(`${recipient ?? '-'} ${field} ${String(was)} → ${String(now)}`));
  return found;
}

describe('replay of calculated pools', () => {
  it('compares 案 / 追加交付 only where the event recorded them', () => {
    expect(mismatches(legacy, settled)).toEqual([]);
    expect(mismatches(settled, settled)).toEqual([]);
  });

  it('reports a recorded 案, 追加交付, component or pool total the recomputation does not reproduce', () => {
    const other: RecordedPool = {
      ...settled,
      freedYen: '1000',
      recipients: [{ ...settled.recipients[0], draftYen: '9999000', additionalYen: '1000', components: { A: '9999000' } }],
    };
    expect(mismatches(settled, other)).toEqual([
      '- suishin-municipal.freedYen 0 → 1000',
      '011002 suishin-municipal.draftYen 10000000 → 9999000',
      '011002 suishin-municipal.additionalYen 0 → 1000',
      '011002 suishin-municipal.components.A 10000000 → 9999000',
    ]);
    expect(mismatches(settled, legacy)).toContain('- suishin-municipal.draftYen 10000000 → absent');
  });
});
