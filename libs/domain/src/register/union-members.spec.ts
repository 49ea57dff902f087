import { FY2021_PREFECTURAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { FiscalYearState } from '../fiscal-year/fiscal-year';
import { parseFramework } from '../framework/parse-framework';
import { withCheckDigit } from '../recipients/local-government-code';
import { scoreFiscalYear } from '../scoring/fiscal-year-scoring';
import { refusal } from '../testing/refusal';
import { evolveRegister, initialRegisterState, InsurersRegistered, registerInsurers, RegisteredInsurer } from './register';

const now = new Date('2026-04-10T00:00:00.000Z');
const command = (insurers: RegisteredInsurer[]) => ({ fiscalYear: 'FY2026', insurers, source: { kind: 'api' as const } });
// 大雪地区広域連合 and its three member towns (reference: RW-K); the codes here are made up, with check digits.
const union: RegisteredInsurer = { code: withCheckDigit('01901'), name: '大雪地区広域連合', prefectureCode: '01', category1InsuredPersons: 9000, isUnion: true };
const member = (n: string, name: string, persons: number): RegisteredInsurer => ({ code: withCheckDigit(`0145${n}`), name, prefectureCode: '01', category1InsuredPersons: persons, unionCode: union.code });
const members = [member('8', '東神楽町', 3000), member('7', '東川町', 2500), member('9', '美瑛町', 3500)];
const other: RegisteredInsurer = { code: '242055', name: '桑名市', prefectureCode: '24', category1InsuredPersons: 37000 };

describe('a 広域連合 and its members in the register', () => {
  it('registers the union row marked as a union and its members carrying unionCode', () => {
    const [event] = registerInsurers(command([...members, union, other]), initialRegisterState, 'open', now);
    const state = evolveRegister(initialRegisterState, event);
    expect(state.insurers.get(union.code)).toMatchObject({ isUnion: true });
    expect(members.map((m) => state.insurers.get(m.code)?.unionCode)).toEqual([union.code, union.code, union.code]);
    // A member may join a union registered earlier; re-sending the same rows changes nothing.
    expect(registerInsurers(command([...members, union]), state, 'open', now)).toEqual([]);
  });

  it('reads events registered before unions existed (no new fields) unchanged', () => {
    const old: InsurersRegistered = { type: 'InsurersRegistered', data: { fiscalYear: 'FY2024', insurers: [other], source: { kind: 'api' }, registeredAt: now.toISOString() } };
    expect(evolveRegister(initialRegisterState, old).insurers.get(other.code)).toEqual(other);
  });

  it('rejects a member of an unknown union, a union inside a union and un-marking a union with members', () => {
    expect(refusal(() => registerInsurers(command([members[0]]), initialRegisterState, 'open', now))).toMatchObject({ field: 'insurers[0].unionCode' });
    expect(refusal(() => registerInsurers(command([{ ...union, unionCode: union.code }]), initialRegisterState, 'open', now))).toMatchObject({ field: 'insurers[0].unionCode' });
    const state = evolveRegister(initialRegisterState, registerInsurers(command([...members, union]), initialRegisterState, 'open', now)[0]);
    const { isUnion: _u, ...plain } = union;
    expect(refusal(() => registerInsurers(command([plain]), state, 'open', now))).toMatchObject({ field: 'insurers[0].isUnion' });
  });
});

describe('scoring a 広域連合 of three members', () => {
  it('scores each member one by one (n and ranks count members) and leaves the union unscored', () => {
    const register = evolveRegister(initialRegisterState, registerInsurers(command([...members, union, other]), initialRegisterState, 'open', now)[0]);
    const municipalFramework = parseFramework({
      frameworkVersion: 2, fiscalYear: 'FY2023', activityYear: 'FY2022', level: 'municipal', title: 't',
      grants: [{ grant: 'suishin', title: '推進', maxPoints: 8, goals: [{ id: 'I', title: 'I', groups: [{ id: 'I-ii', kind: 'ii', title: '活動', maxPoints: 8,
        indicators: [{ id: 'n', number: '1', evaluatedBy: 'mhlw', label: '率', points: 8, answerType: 'numeric', direction: 'higherIsBetter', bands: 'quartiles' }] }] }] }],
    });
    const year = { status: 'opened', fiscalYear: 'FY2023', phase: 'review_completed', municipalFramework, prefecturalFramework: FY2021_PREFECTURAL_FRAMEWORK } as Extract<FiscalYearState, { status: 'opened' }>;
    // A figure recorded for the union itself is left out; the four municipalities rank 1–4 (n = 4, not 5).
    const figures = [...members, other, union].map((insurer, i) => ({ code: insurer.code, value: 10 - i }));
    const scores = scoreFiscalYear({ year, register, submissions: new Map(), prefectureSubmissions: new Map(), figures: { byIndicator: { n: figures } } }, now);
    expect(scores.data.insurers.map((i) => i.code).sort()).toEqual([...members, other].map((m) => m.code).sort());
    expect(scores.data.insurers.find((i) => i.code === union.code)).toBeUndefined();
    // n = 4: ⌊2.8⌋ = 2, ⌊2⌋ = 2, ⌊1.2⌋ = 1, ⌊0.4⌋ = 0: rank 1 → 6 (上位3割), rank 2 → 4 (上位5割), ranks 3–4 → 0.
    const byCode = new Map(scores.data.insurers.map((i) => [i.code, i]));
    expect(members.map((m) => byCode.get(m.code)?.score)).toEqual([6, 4, 0]);
    expect(members.map((m) => byCode.get(m.code)?.ranks.national)).toEqual([
      { competition: 1, ordinal: 1, outOf: 4 }, { competition: 2, ordinal: 2, outOf: 4 }, { competition: 3, ordinal: 3, outOf: 4 },
    ]);
  });
});
