import type { Answer, Framework, Indicator } from '../api/types';

/** An indicator the insurer answers itself (はい/いいえ or options); numeric ones come from national figures. */
export function isSelfAssessed(indicator: Indicator): boolean {
  return indicator.answerType === 'yes_no' || indicator.answerType === 'choice';
}

export interface IndicatorEntry {
  readonly grantTitle: string;
  /** 推進 or 支援: the two grants number their indicators alike (both have an I-i-1). */
  readonly grantShort: string;
  readonly goalTitle: string;
  readonly groupTitle: string;
  readonly indicator: Indicator;
}

/** The self-assessed indicators in the framework's order, each with its grant, goal and group titles. */
export function selfAssessedEntries(framework: Framework): IndicatorEntry[] {
  return framework.grants.flatMap((grant) =>
    grant.goals.flatMap((goal) =>
      goal.groups.flatMap((group) =>
        group.indicators
          .filter(isSelfAssessed)
          .map((indicator) => ({ grantTitle: grant.title, grantShort: grantShort(grant.grant, grant.title), goalTitle: goal.title, groupTitle: group.title, indicator })),
      ),
    ),
  );
}

/** How an answer reads: はい / いいえ, or the chosen options' labels. */
export function answerText(indicator: Indicator, answer: Answer | undefined): string {
  if (!answer) return '未回答';
  if (answer.answerType === 'yes_no') return answer.yes ? 'はい' : 'いいえ';
  if (answer.answerType === 'choice') {
    if (answer.optionIds.length === 0) return '該当なし';
    return answer.optionIds.map((id) => indicator.options?.find((o) => o.id === id)?.label ?? id).join('、');
  }
  return answer.value === undefined || answer.value === null ? '未回答' : String(answer.value);
}

/** `I-i-1` style number for people, from the published number or the id's tail. */
export function indicatorNumber(indicator: Indicator): string {
  return indicator.number ?? indicator.id.replace(/^[a-z]+-/, '');
}

function grantShort(grant: string, title: string): string {
  if (grant.startsWith('suishin') || title.includes('推進')) return '推進';
  if (grant.startsWith('shien') || title.includes('支援')) return '支援';
  return title;
}

/** `推進 I-i-1`: an indicator named so that it cannot be taken for the other grant's. */
export function entryName(entry: IndicatorEntry): string {
  return `${entry.grantShort} ${indicatorNumber(entry.indicator)}`;
}
