import { STATUS_LABELS } from '../components/status-badge';
import { jstDateTime, thousandYen } from '../format/format';
import { calculationLabel } from '../national/calculation-queries';

/** A recorded value as people read it: answers as はい / いいえ or the chosen options, statuses by their names, amounts in 千円. */
export function readable(field: string, value: string | null): string {
  if (value === null) return '（なし）';
  if (field === 'status') return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
  if (field === 'amount.basis') return calculationLabel(value);
  if (field === 'status.reopenUntil') return `${jstDateTime(value)}（日本時間）`;
  if ((field.startsWith('amount.') || field.startsWith('requested.')) && /^-?\d+$/.test(value)) return thousandYen(value);
  if (value.startsWith('{')) {
    try {
      const answer = JSON.parse(value) as { answerType?: string; yes?: boolean; optionIds?: string[]; value?: unknown };
      if (answer.answerType === 'yes_no') return answer.yes ? 'はい' : 'いいえ';
      if (answer.answerType === 'choice') return answer.optionIds?.length ? `選択肢 ${answer.optionIds.join('、')}` : '該当なし';
      if (answer.value !== undefined) return String(answer.value);
    } catch {
      return value;
    }
  }
  return value;
}

const FAMILIES: Record<string, string> = {
  status: '提出の状況',
  register: '登録',
  answer: '回答',
  requested: '所要見込額',
  score: '得点',
  rank: '順位',
  correction: '得点の訂正',
  amount: '交付額',
};

const PARTS: Record<string, string> = {
  suishin: '推進',
  shien: '支援',
  total: '合計',
  national: '全国',
  basis: '（算定）',
  reopenUntil: '（再提出の期限）',
  category1InsuredPersons: '第1号被保険者数',
  'suishin-municipal': '推進・市町村分',
  'suishin-prefectural': '推進・都道府県分',
  'shien-municipal': '支援・市町村分',
  'shien-prefectural': '支援・都道府県分',
};

/** `score.suishin` → `得点 推進`, `answer.suishin-I-i-1` → `回答 suishin-I-i-1`: the family in Japanese, the item as recorded. */
export function fieldLabel(field: string): string {
  const [family, ...rest] = field.split('.');
  const name = FAMILIES[family] ?? family;
  return rest.length > 0 ? `${name} ${rest.map((part) => PARTS[part] ?? part).join(' ')}` : name;
}
