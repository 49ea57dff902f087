import fy2021Prefectural from './fy2021-prefectural.json';
import fy2024Municipal from './fy2024-municipal.json';
import municipalFY2024 from './frameworks/municipal-FY2024.json';
import municipalFY2025 from './frameworks/municipal-FY2025.json';
import municipalFY2026 from './frameworks/municipal-FY2026.json';
import prefecturalFY2025 from './frameworks/prefectural-FY2025.json';
import prefecturalFY2026 from './frameworks/prefectural-FY2026.json';
import { Framework, FrameworkLevel } from './framework';
import { parseFramework } from './parse-framework';

/**
 * FY2024 (令和6年度) municipal framework: goals, groups and maxima as published (DOMAIN.md, Kuwana city); the
 * indicators are illustrative. Parsed at load so a broken file fails fast instead of scoring with wrong maxima.
 */
export const FY2024_MUNICIPAL_FRAMEWORK: Framework = parseFramework(fy2024Municipal);

/** FY2021 (令和3年度) prefectural framework: categories and points as published (DOMAIN.md); illustrative indicators. */
export const FY2021_PREFECTURAL_FRAMEWORK: Framework = parseFramework(fy2021Prefectural);

/** The published frameworks of FY2024–FY2026 as format-v2 data (frameworks/README.md), scored under the v2 rules. */
export const MUNICIPAL_FY2024_FRAMEWORK: Framework = parseFramework(municipalFY2024);
export const MUNICIPAL_FY2025_FRAMEWORK: Framework = parseFramework(municipalFY2025);
export const MUNICIPAL_FY2026_FRAMEWORK: Framework = parseFramework(municipalFY2026);
export const PREFECTURAL_FY2025_FRAMEWORK: Framework = parseFramework(prefecturalFY2025);
export const PREFECTURAL_FY2026_FRAMEWORK: Framework = parseFramework(prefecturalFY2026);

/** Ids a year can be opened with (`municipalFrameworkId` / `prefecturalFrameworkId`), each level's default first. */
export const SHIPPED_FRAMEWORK_IDS = [
  'fy2024-municipal',
  'municipal-FY2024',
  'municipal-FY2025',
  'municipal-FY2026',
  'fy2021-prefectural',
  'prefectural-FY2025',
  'prefectural-FY2026',
] as const;
export type ShippedFrameworkId = (typeof SHIPPED_FRAMEWORK_IDS)[number];

/** The shipped frameworks by id. */
export const SHIPPED_FRAMEWORKS: Readonly<Record<ShippedFrameworkId, Framework>> = {
  'fy2024-municipal': FY2024_MUNICIPAL_FRAMEWORK,
  'municipal-FY2024': MUNICIPAL_FY2024_FRAMEWORK,
  'municipal-FY2025': MUNICIPAL_FY2025_FRAMEWORK,
  'municipal-FY2026': MUNICIPAL_FY2026_FRAMEWORK,
  'fy2021-prefectural': FY2021_PREFECTURAL_FRAMEWORK,
  'prefectural-FY2025': PREFECTURAL_FY2025_FRAMEWORK,
  'prefectural-FY2026': PREFECTURAL_FY2026_FRAMEWORK,
};

/** The framework a year opens with when none is named (unchanged since v1, so recorded expectations hold). */
export const DEFAULT_SHIPPED_FRAMEWORK_IDS: Readonly<Record<FrameworkLevel, ShippedFrameworkId>> = {
  municipal: 'fy2024-municipal',
  prefectural: 'fy2021-prefectural',
};

/** What the opening screen lists for one shipped framework. */
export interface ShippedFrameworkSummary {
  readonly id: ShippedFrameworkId;
  readonly level: FrameworkLevel;
  readonly fiscalYear: string;
  readonly frameworkVersion: number;
  readonly title: string;
  readonly isDefault: boolean;
}

export function isShippedFrameworkId(id: string): id is ShippedFrameworkId {
  return (SHIPPED_FRAMEWORK_IDS as readonly string[]).includes(id);
}

/** The shipped frameworks of one level, or of both, in `SHIPPED_FRAMEWORK_IDS` order. */
export function shippedFrameworkIds(level?: FrameworkLevel): ShippedFrameworkId[] {
  return SHIPPED_FRAMEWORK_IDS.filter((id) => level === undefined || SHIPPED_FRAMEWORKS[id].level === level);
}

/** Every shipped framework as the opening screen lists it; a v1 file, which has no title, is named by its grants. */
export function shippedFrameworkSummaries(): ShippedFrameworkSummary[] {
  return SHIPPED_FRAMEWORK_IDS.map((id) => {
    const framework = SHIPPED_FRAMEWORKS[id];
    const levelTitle = framework.level === 'municipal' ? '市町村分' : '都道府県分';
    return {
      id,
      level: framework.level,
      fiscalYear: framework.fiscalYear,
      frameworkVersion: framework.frameworkVersion,
      title: framework.title ?? `${framework.fiscalYear} 評価指標（${levelTitle}・例示）`,
      isDefault: DEFAULT_SHIPPED_FRAMEWORK_IDS[framework.level] === id,
    };
  });
}
