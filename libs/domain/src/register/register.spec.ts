import { refusal } from '../testing/refusal';
import { withCheckDigit } from '../recipients/local-government-code';
import { evolveRegister, initialRegisterState, registerInsurers, RegisteredInsurer } from './register';

const now = new Date('2024-04-10T00:00:00.000Z');
const kuwana: RegisteredInsurer = { code: '242055', name: '桑名市', prefectureCode: '24', category1InsuredPersons: 37000 };
const tsu: RegisteredInsurer = { code: withCheckDigit('24201'), name: '津市', prefectureCode: '24', category1InsuredPersons: 80000 };
const command = (insurers: RegisteredInsurer[]) => ({ fiscalYear: 'FY2024', insurers, source: { kind: 'api' as const } });

describe('insurer register', () => {
  it('registers insurers sorted by code and stores nothing for an identical re-import', () => {
    const events = registerInsurers(command([tsu, kuwana]), initialRegisterState, 'open', now);
    expect(events[0].data.insurers.map((i) => i.code)).toEqual([tsu.code, kuwana.code].sort());
    const state = evolveRegister(initialRegisterState, events[0]);
    expect(registerInsurers(command([kuwana, tsu]), state, 'open', now)).toEqual([]);
    const corrected = registerInsurers(command([{ ...kuwana, category1InsuredPersons: 37500 }]), state, 'open', now);
    expect(corrected[0].data.insurers).toEqual([{ ...kuwana, category1InsuredPersons: 37500 }]);
    expect(evolveRegister(state, corrected[0]).insurers.get('242055')?.category1InsuredPersons).toBe(37500);
  });

  it.each<[string, Partial<RegisteredInsurer>, string]>([
    ['a bad check digit', { code: '242056' }, 'insurers[0].code'],
    ['a prefecture that is not the code’s', { prefectureCode: '23' }, 'insurers[0].prefectureCode'],
    ['an empty name', { name: ' ' }, 'insurers[0].name'],
    ['negative insured persons', { category1InsuredPersons: -1 }, 'insurers[0].category1InsuredPersons'],
    ['fractional insured persons', { category1InsuredPersons: 1.5 }, 'insurers[0].category1InsuredPersons'],
  ])('rejects %s, naming the row and field', (_label, change, field) => {
    expect(refusal(() => registerInsurers(command([{ ...kuwana, ...change }]), initialRegisterState, 'open', now))).toMatchObject({ kind: 'invalid', field });
  });

  it('rejects a duplicate code and any registration after the year left "open"', () => {
    expect(refusal(() => registerInsurers(command([kuwana, kuwana]), initialRegisterState, 'open', now))).toMatchObject({ field: 'insurers[1].code' });
    expect(refusal(() => registerInsurers(command([kuwana]), initialRegisterState, 'submissions_closed', now))).toMatchObject({ code: 'REGISTER.CLOSED', kind: 'conflict' });
  });
});
