import { isValidLocalGovernmentCode } from './local-government-code';

/** A prefecture (都道府県) as a grant recipient and as the scope of the in-prefecture rank. */
export interface Prefecture {
  /** 都道府県コード: two digits, `01` (北海道) … `47` (沖縄県), JIS X 0401. */
  readonly code: string;
  /** The prefecture's own 地方公共団体コード: its two digits, `000`, and the check digit, e.g. 三重県 `240001`. */
  readonly localGovernmentCode: string;
  /** Official Japanese name, with its suffix 都・道・府・県. */
  readonly name: string;
}

/**
 * The 47 prefectures in JIS X 0401 order. The six-digit codes are written out rather than computed so that a reader
 * can check them against the published list; the spec re-derives each check digit.
 */
export const PREFECTURES: readonly Prefecture[] = Object.freeze(
  [
    { code: '01', localGovernmentCode: '010006', name: '北海道' },
    { code: '02', localGovernmentCode: '020001', name: '青森県' },
    { code: '03', localGovernmentCode: '030007', name: '岩手県' },
    { code: '04', localGovernmentCode: '040002', name: '宮城県' },
    { code: '05', localGovernmentCode: '050008', name: '秋田県' },
    { code: '06', localGovernmentCode: '060003', name: '山形県' },
    { code: '07', localGovernmentCode: '070009', name: '福島県' },
    { code: '08', localGovernmentCode: '080004', name: '茨城県' },
    { code: '09', localGovernmentCode: '090000', name: '栃木県' },
    { code: '10', localGovernmentCode: '100005', name: '群馬県' },
    { code: '11', localGovernmentCode: '110001', name: '埼玉県' },
    { code: '12', localGovernmentCode: '120006', name: '千葉県' },
    { code: '13', localGovernmentCode: '130001', name: '東京都' },
    { code: '14', localGovernmentCode: '140007', name: '神奈川県' },
    { code: '15', localGovernmentCode: '150002', name: '新潟県' },
    { code: '16', localGovernmentCode: '160008', name: '富山県' },
    { code: '17', localGovernmentCode: '170003', name: '石川県' },
    { code: '18', localGovernmentCode: '180009', name: '福井県' },
    { code: '19', localGovernmentCode: '190004', name: '山梨県' },
    { code: '20', localGovernmentCode: '200000', name: '長野県' },
    { code: '21', localGovernmentCode: '210005', name: '岐阜県' },
    { code: '22', localGovernmentCode: '220001', name: '静岡県' },
    { code: '23', localGovernmentCode: '230006', name: '愛知県' },
    { code: '24', localGovernmentCode: '240001', name: '三重県' },
    { code: '25', localGovernmentCode: '250007', name: '滋賀県' },
    { code: '26', localGovernmentCode: '260002', name: '京都府' },
    { code: '27', localGovernmentCode: '270008', name: '大阪府' },
    { code: '28', localGovernmentCode: '280003', name: '兵庫県' },
    { code: '29', localGovernmentCode: '290009', name: '奈良県' },
    { code: '30', localGovernmentCode: '300004', name: '和歌山県' },
    { code: '31', localGovernmentCode: '310000', name: '鳥取県' },
    { code: '32', localGovernmentCode: '320005', name: '島根県' },
    { code: '33', localGovernmentCode: '330001', name: '岡山県' },
    { code: '34', localGovernmentCode: '340006', name: '広島県' },
    { code: '35', localGovernmentCode: '350001', name: '山口県' },
    { code: '36', localGovernmentCode: '360007', name: '徳島県' },
    { code: '37', localGovernmentCode: '370002', name: '香川県' },
    { code: '38', localGovernmentCode: '380008', name: '愛媛県' },
    { code: '39', localGovernmentCode: '390003', name: '高知県' },
    { code: '40', localGovernmentCode: '400009', name: '福岡県' },
    { code: '41', localGovernmentCode: '410004', name: '佐賀県' },
    { code: '42', localGovernmentCode: '420000', name: '長崎県' },
    { code: '43', localGovernmentCode: '430005', name: '熊本県' },
    { code: '44', localGovernmentCode: '440001', name: '大分県' },
    { code: '45', localGovernmentCode: '450006', name: '宮崎県' },
    { code: '46', localGovernmentCode: '460001', name: '鹿児島県' },
    { code: '47', localGovernmentCode: '470007', name: '沖縄県' },
  ].map((prefecture) => Object.freeze(prefecture)),
);

const BY_CODE: ReadonlyMap<string, Prefecture> = new Map(PREFECTURES.map((p) => [p.code, p]));

/** True for the two-digit codes `01` … `47`. */
export function isPrefectureCode(code: unknown): code is string {
  return typeof code === 'string' && BY_CODE.has(code);
}

/** The prefecture with this two-digit code, or `undefined`. */
export function findPrefecture(code: string): Prefecture | undefined {
  return BY_CODE.get(code);
}

/**
 * The prefecture a municipality or prefecture belongs to, read from the first two digits of its valid local
 * government code (e.g. 桑名市 `242055` → 三重県). Insurer numbers of wide-area unions are not local government
 * codes, so callers that rank insurers pass the prefecture explicitly instead of relying on this.
 */
export function prefectureOfLocalGovernmentCode(code: string): Prefecture | undefined {
  return isValidLocalGovernmentCode(code) ? BY_CODE.get(code.slice(0, 2)) : undefined;
}
