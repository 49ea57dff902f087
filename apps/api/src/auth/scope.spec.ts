import { toActor } from './actor';
import { assertInsurerScope, assertPrefectureScope, canActForInsurer, canActForPrefecture } from './scope';

const admin = toActor('a', 'national-admin', 'MHLW');
const auditor = toActor('x', 'auditor', 'MHLW');
const mie = toActor('p', 'prefecture', '24');
const kuwana = toActor('k', 'insurer', '242055');

describe('organisation scope', () => {
  it('lets national roles and auditors reach every insurer and prefecture', () => {
    for (const actor of [admin, auditor]) {
      expect(canActForInsurer(actor, '011002')).toBe(true);
      expect(canActForPrefecture(actor, '47')).toBe(true);
    }
  });

  it('lets a prefecture reach only itself and its own municipalities', () => {
    expect(canActForInsurer(mie, '242055')).toBe(true);
    expect(canActForInsurer(mie, '011002')).toBe(false);
    expect(canActForPrefecture(mie, '24')).toBe(true);
    expect(canActForPrefecture(mie, '23')).toBe(false);
  });

  it('lets an insurer reach only itself and no prefecture', () => {
    expect(canActForInsurer(kuwana, '242055')).toBe(true);
    expect(canActForInsurer(kuwana, '242021')).toBe(false);
    expect(canActForPrefecture(kuwana, '24')).toBe(false);
  });

  it('refuses out-of-scope access with AUTH.OUT_OF_SCOPE naming the organisation', () => {
    expect(() => assertInsurerScope(mie, '011002')).toThrow(expect.objectContaining({ response: expect.objectContaining({ code: 'AUTH.OUT_OF_SCOPE' }) }));
    expect(() => assertPrefectureScope(kuwana, '24')).toThrow(/24/);
  });
});
