import { withCheckDigit } from '../recipients/local-government-code';
import { deciderSpecification } from '../testing/decider-specification';
import { Phase } from '../fiscal-year/fiscal-year';
import { InsurersRegistered, RegisteredInsurer } from './register';
import { RegisterCommand, registerDecider } from './register.decider';

const now = new Date('2024-04-10T00:00:00.000Z');
const kuwana: RegisteredInsurer = { code: '242055', name: '桑名市', prefectureCode: '24', category1InsuredPersons: 37000 };
const tsu: RegisteredInsurer = { code: withCheckDigit('24201'), name: '津市', prefectureCode: '24', category1InsuredPersons: 80000 };

const register = (insurers: RegisteredInsurer[], phase: Phase = 'open', source: InsurersRegistered['data']['source'] = { kind: 'api' }): RegisterCommand => ({
  type: 'RegisterInsurers',
  registration: { fiscalYear: 'FY2024', insurers, source },
  phase,
  now,
});
const registered = (insurers: RegisteredInsurer[], source: InsurersRegistered['data']['source'] = { kind: 'api' }): InsurersRegistered => ({
  type: 'InsurersRegistered',
  data: { fiscalYear: 'FY2024', insurers, source, registeredAt: now.toISOString() },
});

const { given } = deciderSpecification(registerDecider);

describe('registering insurers', () => {
  it('registers them in one event, sorted by code', () => {
    given([]).when(register([kuwana, tsu])).then([registered([tsu, kuwana])]);
  });

  it('records where the rows came from (the CSV file and its hash)', () => {
    const csv = { kind: 'csv' as const, fileName: 'hokensha.csv', fileSha256: 'd'.repeat(64) };
    given([]).when(register([kuwana], 'open', csv)).then([registered([kuwana], csv)]);
  });

  it('stores nothing when every row is already registered as sent', () => {
    given([registered([tsu, kuwana])]).when(register([kuwana, tsu])).thenNothingHappened();
  });

  it('records only the rows that changed (a correction of the master data)', () => {
    given([registered([tsu, kuwana])])
      .when(register([tsu, { ...kuwana, category1InsuredPersons: 37500 }]))
      .then([registered([{ ...kuwana, category1InsuredPersons: 37500 }])]);
  });

  it('takes a later correction as the insurer’s data', () => {
    const state = [registered([kuwana]), registered([{ ...kuwana, name: '桑名市（訂正）' }])].reduce(registerDecider.evolve, registerDecider.initialState);
    expect(state.insurers.get('242055')?.name).toBe('桑名市（訂正）');
  });

  it.each<[string, Partial<RegisteredInsurer>, string]>([
    ['a bad check digit', { code: '242056' }, 'insurers[0].code'],
    ['a prefecture that is not the code’s', { prefectureCode: '23' }, 'insurers[0].prefectureCode'],
    ['an empty name', { name: ' ' }, 'insurers[0].name'],
    ['negative insured persons', { category1InsuredPersons: -1 }, 'insurers[0].category1InsuredPersons'],
    ['fractional insured persons', { category1InsuredPersons: 1.5 }, 'insurers[0].category1InsuredPersons'],
  ])('rejects %s, naming the row and field', (_label, change, field) => {
    given([]).when(register([{ ...kuwana, ...change }])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', field);
  });

  it('rejects a code that appears twice, naming the second row', () => {
    given([]).when(register([kuwana, kuwana])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'insurers[1].code');
  });

  it.each<Phase>(['submissions_closed', 'review_completed', 'scored', 'allocated', 'finalized'])('refuses any registration once the year is %s', (phase) => {
    given([]).when(register([kuwana], phase)).thenThrows('REGISTER.CLOSED', 'conflict');
  });
});
