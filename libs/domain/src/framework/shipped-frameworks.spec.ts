import { Framework, frameworkIndicators } from './framework';
import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK, SHIPPED_FRAMEWORKS, shippedFrameworkIds, shippedFrameworkSummaries } from './shipped-frameworks';
import type { ShippedFrameworkId } from './shipped-frameworks';

const groupMaxima = (framework: Framework) =>
  framework.grants.map((grant) => ({
    grant: grant.grant,
    maxPoints: grant.maxPoints,
    groups: grant.goals.flatMap((goal) => goal.groups.map((group) => [goal.id, group.id, group.maxPoints])),
  }));

describe('the shipped FY2024 municipal framework', () => {
  const framework = FY2024_MUNICIPAL_FRAMEWORK;

  it('has the group maxima published for FY2024 (DOMAIN.md)', () => {
    expect(framework).toMatchObject({ frameworkVersion: 1, fiscalYear: 'FY2024', level: 'municipal' });
    expect(groupMaxima(framework)).toEqual([
      {
        grant: 'suishin',
        maxPoints: 400,
        groups: [
          ['I', 'I-i', 64],
          ['I', 'I-ii', 36],
          ['II', 'II-i', 68],
          ['II', 'II-ii', 32],
          ['III', 'III-i', 64],
          ['III', 'III-ii', 36],
          ['IV', 'IV-outcome', 100],
        ],
      },
      {
        grant: 'shien',
        maxPoints: 400,
        groups: [
          ['I', 'I-i', 52],
          ['I', 'I-ii', 48],
          ['II', 'II-i', 64],
          ['II', 'II-ii', 36],
          ['III', 'III-i', 68],
          ['III', 'III-ii', 32],
          ['IV', 'IV-outcome', 100],
        ],
      },
    ]);
  });

  it('has the published goal titles', () => {
    expect(framework.grants[0].goals.map((goal) => goal.title)).toEqual([
      '持続可能な地域のあるべき姿をかたちにする',
      '公正・公平な給付を行う体制を構築する',
      '介護人材の確保その他のサービス提供基盤の整備を推進する',
      '高齢者がその状況に応じて可能な限り自立した日常生活を営む',
    ]);
    expect(framework.grants[1].goals.slice(0, 3).map((goal) => goal.title)).toEqual([
      '介護予防/日常生活支援を推進する',
      '認知症総合支援を推進する',
      '在宅医療・在宅介護連携の体制を構築する',
    ]);
  });

  it('says its indicators are illustrative', () => {
    expect(framework.note).toContain('例示');
    expect(framework.note).toContain('illustrative');
  });

  it('has self-assessed items in group (i) and banded national figures in (ii) and the outcome group', () => {
    for (const grant of framework.grants) {
      for (const goal of grant.goals) {
        for (const group of goal.groups) {
          const types = new Set(group.indicators.map((indicator) => indicator.answerType));
          if (group.kind === 'i') expect([...types].every((t) => t === 'yes_no' || t === 'choice')).toBe(true);
          else expect([...types]).toEqual(['numeric']);
          expect(group.indicators.length).toBeGreaterThanOrEqual(2);
        }
      }
    }
    const numeric = frameworkIndicators(framework).filter((l) => l.indicator.answerType === 'numeric');
    for (const { indicator } of numeric) {
      if (indicator.answerType !== 'numeric') continue;
      expect(indicator.bands.map((band) => band.topPercent)).toEqual([10, 30, 50]);
    }
  });
});

describe('the shipped FY2021 prefectural framework', () => {
  const framework = FY2021_PREFECTURAL_FRAMEWORK;

  it('has the published categories and points: 推進 1,955 + 支援 980 = 2,935', () => {
    expect(framework).toMatchObject({ frameworkVersion: 1, fiscalYear: 'FY2021', level: 'prefectural' });
    expect(groupMaxima(framework)).toEqual([
      {
        grant: 'suishin',
        maxPoints: 1955,
        groups: [
          ['I', 'I', 280],
          ['II', 'II(1)', 50],
          ['II', 'II(2)', 260],
          ['II', 'II(3)', 100],
          ['II', 'II(4)', 130],
          ['II', 'II(5)', 150],
          ['II', 'II(6)', 85],
          ['II', 'II(7)', 90],
          ['II', 'II(8)', 440],
          ['II', 'II(9)', 30],
          ['III', 'III', 340],
        ],
      },
      {
        grant: 'shien',
        maxPoints: 980,
        groups: [
          ['I', 'I', 120],
          ['II', 'II(2)', 260],
          ['II', 'II(3)', 70],
          ['II', 'II(4)', 130],
          ['II', 'II(8)', 30],
          ['II', 'II(9)', 30],
          ['III', 'III', 340],
        ],
      },
    ]);
    expect(framework.grants[0].maxPoints + framework.grants[1].maxPoints).toBe(2935);
  });

  it('gives each category the published total over both grants', () => {
    const totals = new Map<string, number>();
    for (const grant of framework.grants) {
      for (const goal of grant.goals) {
        for (const group of goal.groups) totals.set(group.id, (totals.get(group.id) ?? 0) + group.maxPoints);
      }
    }
    expect(Object.fromEntries(totals)).toEqual({
      I: 400,
      'II(1)': 50,
      'II(2)': 520,
      'II(3)': 170,
      'II(4)': 260,
      'II(5)': 150,
      'II(6)': 85,
      'II(7)': 90,
      'II(8)': 470,
      'II(9)': 60,
      III: 680,
    });
  });

  it('says its indicators are illustrative', () => expect(framework.note).toContain('例示'));
});

describe('the shipped frameworks a year can be opened with', () => {
  it('lists the v1 defaults and the published v2 frameworks, by level, with their titles', () => {
    expect(shippedFrameworkSummaries().map((s) => [s.id, s.level, s.fiscalYear, s.frameworkVersion, s.isDefault])).toEqual([
      ['fy2024-municipal', 'municipal', 'FY2024', 1, true],
      ['municipal-FY2024', 'municipal', 'FY2024', 2, false],
      ['municipal-FY2025', 'municipal', 'FY2025', 2, false],
      ['municipal-FY2026', 'municipal', 'FY2026', 2, false],
      ['fy2021-prefectural', 'prefectural', 'FY2021', 1, true],
      ['prefectural-FY2025', 'prefectural', 'FY2025', 2, false],
      ['prefectural-FY2026', 'prefectural', 'FY2026', 2, false],
    ]);
    expect(shippedFrameworkSummaries().find((s) => s.id === 'municipal-FY2024')?.title).toContain('令和6年度');
    expect(shippedFrameworkIds('prefectural')).toEqual(['fy2021-prefectural', 'prefectural-FY2025', 'prefectural-FY2026']);
  });

  it('keeps the figure keys of every municipal/prefectural pair apart (figures are recorded by indicator id)', () => {
    const keys = (id: ShippedFrameworkId) => new Set(frameworkIndicators(SHIPPED_FRAMEWORKS[id]).filter((l) => l.indicator.answerType === 'numeric').map((l) => l.indicator.id));
    for (const m of shippedFrameworkIds('municipal')) {
      for (const p of shippedFrameworkIds('prefectural')) {
        const municipal = keys(m);
        expect([m, p, [...keys(p)].filter((id) => municipal.has(id))]).toEqual([m, p, []]);
      }
    }
  });
});
