import fy2021Prefectural from './fy2021-prefectural.json';
import fy2024Municipal from './fy2024-municipal.json';
import { Framework } from './framework';
import { parseFramework } from './parse-framework';

/**
 * FY2024 (令和6年度) municipal framework: goals, groups and maxima as published (DOMAIN.md, Kuwana city); the
 * indicators are illustrative. Parsed at load so a broken file fails fast instead of scoring with wrong maxima.
 */
export const FY2024_MUNICIPAL_FRAMEWORK: Framework = parseFramework(fy2024Municipal);

/** FY2021 (令和3年度) prefectural framework: categories and points as published (DOMAIN.md); illustrative indicators. */
export const FY2021_PREFECTURAL_FRAMEWORK: Framework = parseFramework(fy2021Prefectural);
