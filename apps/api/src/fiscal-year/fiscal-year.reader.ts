import { Injectable } from '@nestjs/common';
import {
  DomainError,
  fiscalYearDecider,
  registerDecider,
  submissionDecider,
  nationalFiguresDecider,
  grantCalculationDecider,
  GrantCalculationState,
  grantCalculationStreamId,
  fiscalYearStreamId,
  FiscalYearState,
  nationalFiguresStreamId,
  NationalFiguresState,
  RegisterState,
  registerStreamId,
  requireOpened,
  submissionStreamId,
  } from '@grants/domain';
import { StreamCommands } from '../commands/stream-commands.service';

export const fiscalYearFold = fiscalYearDecider;
export const registerFold = registerDecider;
export const submissionFold = submissionDecider;
export const nationalFiguresFold = nationalFiguresDecider;
export const grantCalculationFold = grantCalculationDecider;

export type OpenedFiscalYear = Extract<FiscalYearState, { status: 'opened' }>;

const LABEL = /^FY20[1-9]\d$/;

/** Reads the streams of one fiscal year that commands and queries decide against. */
@Injectable()
export class FiscalYearReader {
  constructor(private readonly commands: StreamCommands) {}

  /** A fiscal year from a path parameter: 400 for a malformed label, 404 when it was never opened. */
  async openedYear(fiscalYear: string): Promise<OpenedFiscalYear> {
    checkLabel(fiscalYear);
    const { state } = await this.commands.load(fiscalYearStreamId(fiscalYear), fiscalYearFold);
    return requireOpened(state, fiscalYear);
  }

  async register(fiscalYear: string): Promise<RegisterState> {
    return (await this.commands.load(registerStreamId(fiscalYear), registerFold)).state;
  }

  async registeredInsurer(fiscalYear: string, code: string) {
    const insurer = (await this.register(fiscalYear)).insurers.get(code);
    if (!insurer) {
      throw new DomainError('not_found', 'REGISTER.INSURER_NOT_FOUND', `保険者 ${code} は ${fiscalYear} に登録されていません。`, `Insurer ${code} is not registered for ${fiscalYear}.`, 'insurerCode');
    }
    return insurer;
  }

  async submission(fiscalYear: string, code: string) {
    return this.commands.load(submissionStreamId(fiscalYear, code), submissionFold);
  }

  async grantCalculation(fiscalYear: string): Promise<GrantCalculationState> {
    return (await this.commands.load(grantCalculationStreamId(fiscalYear), grantCalculationFold)).state;
  }

  async nationalFigures(fiscalYear: string): Promise<NationalFiguresState> {
    return (await this.commands.load(nationalFiguresStreamId(fiscalYear), nationalFiguresFold)).state;
  }
}

export function checkLabel(fiscalYear: string): string {
  if (!LABEL.test(fiscalYear)) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', "年度は 'FY2024' の形式で指定してください。", "The fiscal year must look like 'FY2024'.", 'fiscalYear');
  }
  return fiscalYear;
}

const CODE = /^\d{6}$/;

export function checkInsurerCode(code: string): string {
  if (!CODE.test(code)) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '保険者番号は6桁の数字です。', 'The insurer code is 6 digits.', 'insurerCode');
  }
  return code;
}
