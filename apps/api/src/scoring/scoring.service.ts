import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { effectiveAnswers, NationalInsurerInput, ScoresCalculated, scoresCalculated, scoreNation } from '@grants/domain';
import { FiscalYearReader, OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

/**
 * The national scoring step: every registered insurer's reviewed answers and the national figures in, the
 * ScoresCalculated event out. Run when the year moves to 'scored'; by then nothing that feeds it can change.
 */
@Injectable()
export class ScoringService {
  constructor(private readonly reader: FiscalYearReader) {}

  async calculate(year: OpenedFiscalYear, now: Date): Promise<ScoresCalculated> {
    const register = await this.reader.register(year.fiscalYear);
    const insurers: NationalInsurerInput[] = [];
    for (const insurer of [...register.insurers.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
      const { state } = await this.reader.submission(year.fiscalYear, insurer.code);
      insurers.push({ code: insurer.code, prefectureCode: insurer.prefectureCode, answers: effectiveAnswers(state) });
    }
    const figures = (await this.reader.nationalFigures(year.fiscalYear)).byIndicator;
    const inputsSha256 = createHash('sha256').update(canonicalize({ insurers, figures }) ?? '').digest('hex');
    return scoresCalculated(scoreNation(year.municipalFramework, { insurers, figures }), year.fiscalYear, inputsSha256, now);
  }
}
