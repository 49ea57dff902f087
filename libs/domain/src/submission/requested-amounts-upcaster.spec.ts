import fc from 'fast-check';
import { foldEvents } from '../decider/decider';
import { requestedAmountsSetV1 } from './prefecture-submission';
import { prefectureSubmissionDecider } from './prefecture-submission.decider';

describe('RequestedAmountsSet schema 1 → 2 (千円 numbers → exact yen strings)', () => {
  it('turns 千円 into yen and keeps every other field', () => {
    const v1 = { fiscalYear: 'FY2024', prefectureCode: '01', suishinThousandYen: 20_000, shienThousandYen: 18_500, setAt: '2024-10-01T00:00:00.000Z' };
    const v2 = requestedAmountsSetV1.upcast(v1);
    expect(v2).toEqual({ fiscalYear: 'FY2024', prefectureCode: '01', suishinYen: '20000000', shienYen: '18500000', setAt: '2024-10-01T00:00:00.000Z' });
    expect(foldEvents(prefectureSubmissionDecider, [{ type: 'RequestedAmountsSet', data: v2 }]).requested).toEqual({ suishinYen: '20000000', shienYen: '18500000' });
  });

  it('leaves data already in yen alone, and refuses what no schema-1 event could hold', () => {
    const v2 = { suishinYen: '1', shienYen: '2' };
    expect(requestedAmountsSetV1.upcast(v2)).toBe(v2);
    expect(() => requestedAmountsSetV1.upcast({ suishinThousandYen: 1.5, shienThousandYen: 1 })).toThrow('千円');
    expect(() => requestedAmountsSetV1.upcast({ suishinThousandYen: -1, shienThousandYen: 1 })).toThrow('千円');
  });

  it('property: exact for every whole number of 千円 up to 2^53 (no float arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (thousands) => {
        const { suishinYen } = requestedAmountsSetV1.upcast({ suishinThousandYen: thousands, shienThousandYen: 0 }) as { suishinYen: string };
        expect(suishinYen).toBe(`${BigInt(thousands)}000`.replace(/^0+(?=\d)/, ''));
      }),
    );
  });
});
