import { DomainError } from '../domain-error';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { isValidLocalGovernmentCode } from '../recipients/local-government-code';
import { isPrefectureCode } from '../recipients/prefectures';

/** An insurer (保険者) of the fiscal year's register. */
export interface RegisteredInsurer {
  /** 6-digit 地方公共団体コード with a valid check digit. */
  readonly code: string;
  readonly name: string;
  /** Its prefecture ('01'–'47'), the first two digits of the code. */
  readonly prefectureCode: string;
  /** 第1号被保険者数: insured persons aged 65 and over, the municipal allocation weight's multiplier. */
  readonly category1InsuredPersons: number;
  /**
   * The row of a 広域連合 (or 一部事務組合) that is the insurer of its members. Its members answer and are scored one
   * by one; its own row is not scored. Absent on ordinary rows (and on every row registered before framework format v2).
   */
  readonly isUnion?: true;
  /** On a member municipality of a 広域連合: the union's code (a row registered with `isUnion`). */
  readonly unionCode?: string;
}

export interface InsurersRegistered {
  readonly type: 'InsurersRegistered';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly insurers: readonly RegisteredInsurer[];
    readonly source: { readonly kind: 'api' | 'csv'; readonly fileName?: string; readonly fileSha256?: string };
    readonly registeredAt: string;
  };
}

export interface RegisterState {
  readonly insurers: ReadonlyMap<string, RegisteredInsurer>;
}

export const initialRegisterState: RegisterState = { insurers: new Map() };

/** Later registrations of a code replace earlier ones (corrections of the master data). */
export function evolveRegister(state: RegisterState, event: InsurersRegistered): RegisterState {
  if (event.type !== 'InsurersRegistered') return state;
  const insurers = new Map(state.insurers);
  for (const insurer of event.data.insurers) insurers.set(insurer.code, insurer);
  return { insurers };
}

export interface RegisterInsurers {
  readonly fiscalYear: FiscalYearLabel;
  readonly insurers: readonly RegisteredInsurer[];
  readonly source: InsurersRegistered['data']['source'];
}

const MAX_INSURED = 10_000_000;

/** Registers or corrects insurers while the year is open; re-sending what is already registered changes nothing. */
export function registerInsurers(command: RegisterInsurers, state: RegisterState, phase: Phase, now: Date): InsurersRegistered[] {
  if (phase !== 'open') {
    throw new DomainError('conflict', 'REGISTER.CLOSED', '保険者の登録は受付中の年度のみ可能です。', 'Insurers can be registered only while the fiscal year is open.', undefined, { phase });
  }
  const seen = new Set<string>();
  const unionsInCommand = new Set(command.insurers.filter((insurer) => insurer.isUnion === true).map((insurer) => insurer.code));
  const isUnion = (code: string) => unionsInCommand.has(code) || (!command.insurers.some((i) => i.code === code) && state.insurers.get(code)?.isUnion === true);
  command.insurers.forEach((insurer, i) => {
    const field = `insurers[${i}]`;
    if (!isValidLocalGovernmentCode(insurer.code)) {
      throw invalid(`${field}.code`, `${insurer.code} は有効な地方公共団体コード（6桁、検査数字付き）ではありません。`, `${insurer.code} is not a valid 6-digit local government code (check digit).`);
    }
    if (seen.has(insurer.code)) throw invalid(`${field}.code`, `${insurer.code} が重複しています。`, `${insurer.code} appears twice.`);
    seen.add(insurer.code);
    if (insurer.prefectureCode !== insurer.code.slice(0, 2) || !isPrefectureCode(insurer.prefectureCode)) {
      throw invalid(`${field}.prefectureCode`, '都道府県コードが保険者番号の上2桁と一致しません。', "The prefecture code must be the code's first two digits.");
    }
    if (typeof insurer.name !== 'string' || insurer.name.trim().length === 0 || insurer.name.length > 100) {
      throw invalid(`${field}.name`, '保険者名を100文字以内で入力してください。', 'Give the insurer a name of at most 100 characters.');
    }
    if (!Number.isSafeInteger(insurer.category1InsuredPersons) || insurer.category1InsuredPersons < 0 || insurer.category1InsuredPersons > MAX_INSURED) {
      throw invalid(`${field}.category1InsuredPersons`, '第1号被保険者数は 0 以上の整数です。', 'Category-1 insured persons must be a whole number ≥ 0.');
    }
    if (insurer.isUnion !== undefined && insurer.isUnion !== true) {
      throw invalid(`${field}.isUnion`, '広域連合の行は isUnion: true とし、それ以外は省略してください。', 'Mark a union row with isUnion: true; leave it out otherwise.');
    }
    if (insurer.unionCode !== undefined) {
      if (insurer.isUnion === true) {
        throw invalid(`${field}.unionCode`, '広域連合の行に所属する広域連合は指定できません。', 'A union row cannot itself belong to a union.');
      }
      if (insurer.unionCode === insurer.code || !isUnion(insurer.unionCode)) {
        throw invalid(`${field}.unionCode`, `${insurer.unionCode} は登録済みまたは同時に登録する広域連合ではありません。`, `${insurer.unionCode} is not a union registered now or before.`);
      }
    }
  });
  for (const [code, known] of state.insurers) {
    const stillMember = known.unionCode !== undefined && !seen.has(code);
    if (stillMember && command.insurers.some((i) => i.code === known.unionCode && i.isUnion !== true)) {
      const index = command.insurers.findIndex((i) => i.code === known.unionCode);
      throw invalid(`insurers[${index}].isUnion`, `${known.unionCode} には構成市町村（${code} など）があるため、広域連合の指定は外せません。`, `${known.unionCode} has members (e.g. ${code}), so it stays a union.`);
    }
  }
  const changed = command.insurers.filter((insurer) => {
    const known = state.insurers.get(insurer.code);
    return (
      !known ||
      known.name !== insurer.name ||
      known.category1InsuredPersons !== insurer.category1InsuredPersons ||
      known.isUnion !== insurer.isUnion ||
      known.unionCode !== insurer.unionCode
    );
  });
  if (changed.length === 0) return [];
  const insurers = [...changed].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return [{ type: 'InsurersRegistered', data: { fiscalYear: command.fiscalYear, insurers, source: command.source, registeredAt: now.toISOString() } }];
}

function invalid(field: string, ja: string, en: string): DomainError {
  return new DomainError('invalid', 'VALIDATION.INVALID_FIELD', ja, en, field);
}
