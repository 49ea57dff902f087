import { checkDigit } from './local-government-code';
import { findPrefecture, isPrefectureCode, PREFECTURES, prefectureOfLocalGovernmentCode } from './prefectures';

describe('the list of prefectures', () => {
  it('has the 47 prefectures in JIS order, from 北海道 01 to 沖縄県 47', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(PREFECTURES.map((p) => p.code)).toEqual(
      Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(PREFECTURES[0].name).toBe('北海道');
    expect(PREFECTURES[12]).toEqual({ code: '13', localGovernmentCode: '130001', name: '東京都' });
    expect(PREFECTURES[23]).toEqual({ code: '24', localGovernmentCode: '240001', name: '三重県' });
    expect(PREFECTURES[26]).toEqual({ code: '27', localGovernmentCode: '270008', name: '大阪府' });
    expect(PREFECTURES[46].name).toBe('沖縄県');
  });

  it('gives every prefecture its code, 000 and the check digit of the rule', () => {
    for (const p of PREFECTURES) {
      expect(p.localGovernmentCode).toBe(`${p.code}000${checkDigit(`${p.code}000`)}`);
    }
  });

  it('has unique names with the suffix 都, 道, 府 or 県 (one 都, one 道, two 府)', () => {
    const names = PREFECTURES.map((p) => p.name);
    expect(new Set(names).size).toBe(47);
    const suffixes = names.map((n) => n.slice(-1));
    expect(suffixes.every((s) => ['都', '道', '府', '県'].includes(s))).toBe(true);
    expect(suffixes.filter((s) => s === '都')).toHaveLength(1);
    expect(suffixes.filter((s) => s === '道')).toHaveLength(1);
    expect(suffixes.filter((s) => s === '府')).toHaveLength(2);
  });

  it('is frozen, so no caller can reorder the ranking scopes', () => {
    expect(Object.isFrozen(PREFECTURES)).toBe(true);
    expect(Object.isFrozen(PREFECTURES[0])).toBe(true);
  });

  it('finds a prefecture by code and by a member municipality', () => {
    expect(isPrefectureCode('24')).toBe(true);
    expect(isPrefectureCode('48')).toBe(false);
    expect(isPrefectureCode('00')).toBe(false);
    expect(findPrefecture('01')?.name).toBe('北海道');
    expect(prefectureOfLocalGovernmentCode('242055')?.name).toBe('三重県');
    expect(prefectureOfLocalGovernmentCode('011002')?.name).toBe('北海道');
    expect(prefectureOfLocalGovernmentCode('242056')).toBeUndefined();
  });
});
