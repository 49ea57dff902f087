import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { EventStoreUnavailable } from '@grants/event-store';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, isPrefectureCode, parseAnswersCsv, saveAnswers, submissionStreamId } from '@grants/domain';
import type { SubmissionContext } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { assertPrefectureScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, submissionFold } from '../fiscal-year/fiscal-year.reader';

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/prefectures/:prefectureCode/answers-import')
export class AnswersImportController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  /**
   * 自己評価の一括取込 for a prefecture's municipalities (保険者番号, 指標ID, 回答, [備考]). The whole file is checked
   * first, against the framework and against every insurer's submission state; if anything is wrong nothing is
   * stored. Each insurer's answers are then saved as one command keyed by the file's SHA-256, so re-sending the file
   * (for instance after a lost connection) completes what is missing and stores nothing twice.
   */
  @Post()
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: ['auto', 'utf-8', 'shift_jis'] })
  async import(
    @Param('fiscalYear') fiscalYear: string,
    @Param('prefectureCode') prefectureCode: string,
    @Body() bytes: unknown,
    @Query('encoding') encoding: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (!isPrefectureCode(prefectureCode)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '都道府県コードは 01〜47 です。', 'The prefecture code is 01–47.', 'prefectureCode');
    }
    assertPrefectureScope(actor, prefectureCode, 'write');
    if (!Buffer.isBuffer(bytes)) {
      throw new DomainError('invalid', 'CSV.CONTENT_TYPE', 'Content-Type: text/csv で CSV ファイルを送ってください。', 'Send the CSV file with Content-Type: text/csv.', 'body');
    }
    if (encoding !== undefined && !['auto', 'utf-8', 'shift_jis'].includes(encoding)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は auto、utf-8、shift_jis のいずれかです。', 'encoding must be auto, utf-8 or shift_jis.', 'encoding');
    }
    const year = await this.reader.openedYear(fiscalYear);
    const registered = new Set((await this.reader.register(fiscalYear)).insurers.keys());
    const csv = parseAnswersCsv(bytes, year.municipalFramework, { prefectureCode, registered }, (encoding ?? 'auto') as 'auto');
    const now = this.clock.now();
    const contextOf = (insurerCode: string): SubmissionContext => ({
      fiscalYear,
      insurerCode,
      phase: year.phase,
      submissionsDueAt: year.deadlines.submissionsDueAt,
      framework: year.municipalFramework,
      now,
    });
    const codes = [...csv.answersByInsurer.keys()].sort();
    const refused: { insurerCode: string; code: string; message: string }[] = [];
    for (const code of codes) {
      const commandId = `answers-csv-${csv.sha256.slice(0, 40)}-${code}`;
      const already = await this.commands.load(submissionStreamId(fiscalYear, code), submissionFold);
      if (already.events.some((e) => e.metadata.commandId === commandId)) continue;
      try {
        saveAnswers(csv.answersByInsurer.get(code)!, already.state, contextOf(code));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push({ insurerCode: code, code: error.code, message: error.message });
      }
    }
    if (refused.length > 0) {
      throw new DomainError('conflict', 'IMPORT.REFUSED', `${refused.length} 保険者の回答を保存できません。何も保存していません。`, `Answers of ${refused.length} insurer(s) cannot be saved; nothing was stored.`, undefined, refused);
    }
    let applied = 0;
    const landed: string[] = [];
    for (const code of codes) {
      const context = commandContext(actor, `answers-import ${fiscalYear}/${code}`, { sha256: csv.sha256 }, { idempotencyKey: `answers-csv-${csv.sha256.slice(0, 40)}-${code}` });
      try {
        const outcome = await this.commands.execute(submissionStreamId(fiscalYear, code), submissionFold, context, (state) =>
          saveAnswers(csv.answersByInsurer.get(code)!, state, contextOf(code)),
        );
        if (!outcome.idempotentReplay) applied += 1;
        landed.push(code);
      } catch (error) {
        if (!(error instanceof EventStoreUnavailable)) throw error;
        throw interrupted(codes, landed, csv.linesByInsurer, error);
      }
    }
    return { fiscalYear, prefectureCode, rows: csv.rows, insurers: codes.length, applied, encoding: csv.encoding, sha256: csv.sha256 };
  }
}

/**
 * The store went away in the middle of an import (a database restart, a lost connection): 503 IMPORT.INTERRUPTED
 * saying exactly which insurers' rows landed and which did not, by line. Each insurer's answers are one command
 * keyed by the file's hash, so sending the same file again stores only what is missing.
 */
function interrupted(codes: readonly string[], landed: readonly string[], lines: ReadonlyMap<string, readonly number[]>, cause: Error): HttpException {
  const done = new Set(landed);
  const missing = codes.filter((code) => !done.has(code));
  const notLandedLines = missing.flatMap((code) => lines.get(code) ?? []).sort((a, b) => a - b);
  return new HttpException(
    {
      code: 'IMPORT.INTERRUPTED',
      message:
        `取込の途中でデータベースに接続できなくなりました。${landed.length} 保険者分は保存済み、${missing.length} 保険者分（${notLandedLines.length} 行）は未保存です。` +
        `同じファイルをもう一度送信すると未保存の分だけが保存されます。 The import was interrupted (${cause.message}); ${landed.length} insurers landed, ` +
        `${missing.length} did not. Send the same file again: only what is missing will be stored.`,
      details: { landedInsurers: landed, notLandedInsurers: missing, notLandedLines },
    },
    HttpStatus.SERVICE_UNAVAILABLE,
  );
}
