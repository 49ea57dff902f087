import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 保険者名簿: one row per fiscal year and registered insurer, as its latest registration gives it. */
@Entity({ name: 'registered_insurer' })
export class RegisteredInsurerRow {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  /** 6-digit 地方公共団体コード. */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'prefecture_code', type: 'text' })
  prefectureCode: string;

  /** 第1号被保険者数. */
  @Column({ name: 'category1_insured_persons', type: 'integer' })
  category1InsuredPersons: number;

  /** Global position of the InsurersRegistered the row comes from. */
  @Column({ type: 'numeric', precision: 39 })
  position: string;
}
