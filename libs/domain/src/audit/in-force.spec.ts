import fc from 'fast-check';
import { inForceOf } from './fiscal-year-history';

/**
 * The one rule for the amounts in force, used by the latest calculation, "why this amount", the report, the year views
 * and the audit: the latest recalculation, else the finalized amounts, else the latest trial.
 */
describe('inForceOf', () => {
  /** A year's calculations in recorded order: trials, then perhaps the finalization and its recalculations. */
  const history = fc
    .record({ trials: fc.nat({ max: 6 }), finalized: fc.boolean(), recalculations: fc.nat({ max: 4 }) })
    .map(({ trials, finalized, recalculations }) => [
      ...Array.from({ length: trials }, (_, i) => ({ ref: `trial:${i + 1}` })),
      ...(finalized && trials > 0 ? [{ ref: 'final' }, ...Array.from({ length: recalculations }, (_, i) => ({ ref: `recalculation:${i + 1}` }))] : []),
    ]);

  it('is the latest recalculation, else the finalized amounts, else the latest trial, else nothing', () => {
    fc.assert(
      fc.property(history, (calculations) => {
        const refs = calculations.map((c) => c.ref);
        const expected = refs.filter((r) => r.startsWith('recalculation:')).at(-1) ?? refs.find((r) => r === 'final') ?? refs.filter((r) => r.startsWith('trial:')).at(-1);
        expect(inForceOf(calculations)?.ref).toBe(expected);
      }),
    );
  });

  it('once finalized, never moves back to a trial, and each recalculation takes force when recorded', () => {
    fc.assert(
      fc.property(history, (calculations) => {
        const finalAt = calculations.findIndex((c) => c.ref === 'final');
        for (let n = Math.max(finalAt, 0) + 1; finalAt >= 0 && n <= calculations.length; n += 1) {
          const inForce = inForceOf(calculations.slice(0, n));
          expect(inForce?.ref.startsWith('trial:')).toBe(false);
          expect(inForce).toBe(calculations[n - 1]);
        }
      }),
    );
  });

  it('returns the record itself, so its pools are the ones read', () => {
    const final = { ref: 'final', pools: ['確定'] };
    expect(inForceOf([{ ref: 'trial:1', pools: ['試算'] }, final])).toBe(final);
    expect(inForceOf([])).toBeUndefined();
  });
});
