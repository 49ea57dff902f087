import { HttpException, HttpStatus } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AnswersCsv, DomainError, SubmissionContext, submissionDecider, submissionStreamId } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import { EventStoreUnavailable } from '@grants/event-store';
import { assertPrefectureScope } from '../../auth/scope';
import { Clock } from '../../commands/clock';
import { CommandContext, commandContext } from '../../commands/command-context';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FileParsingPool } from '../../file-parsing/file-parsing.pool';
import { FiscalYearReader, OpenedFiscalYear } from '../../fiscal-year/fiscal-year.reader';
import { SaveAnswers } from '../save-answers/save-answers.command';
import { AnswersImported, ImportAnswers } from './import-answers.command';

/**
 * Each insurer's answers from one file are one command keyed by the file's hash within the prefecture, the fiscal
 * year and the insurer, never by who sends it: re-sending the file (any user of the prefecture, or a national
 * administrator) stores nothing twice, and the same file may be imported into another year.
 */
const rowContext = (actor: Actor, fiscalYear: string, prefectureCode: string, insurerCode: string, csv: AnswersCsv): CommandContext =>
  commandContext(actor, `answers-import ${fiscalYear}/${insurerCode}`, { sha256: csv.sha256 }, { idempotencyKey: `answers-csv-${csv.sha256}`, scope: prefectureCode });

@CommandHandler(ImportAnswers)
export class ImportAnswersHandler implements ICommandHandler<ImportAnswers> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly files: FileParsingPool,
  ) {}

  async execute({ fiscalYear, prefectureCode, file, encoding, actor }: ImportAnswers): Promise<AnswersImported> {
    assertPrefectureScope(actor, prefectureCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    const registered = new Set((await this.reader.register(fiscalYear)).insurers.keys());
    const csv = await this.files.run('answers', { bytes: file, framework: year.municipalFramework, scope: { prefectureCode, registered }, encoding });
    const codes = [...csv.answersByInsurer.keys()].sort();
    const contexts = new Map(codes.map((code) => [code, rowContext(actor, fiscalYear, prefectureCode, code, csv)]));
    await this.refuseUnlessEveryInsurerSaves(fiscalYear, year, csv, contexts);
    let applied = 0;
    const landed: string[] = [];
    for (const [code, context] of contexts) {
      try {
        const outcome = await this.commandBus.execute(new SaveAnswers(fiscalYear, code, csv.answersByInsurer.get(code) ?? {}, context));
        if (!outcome.idempotentReplay) applied += 1;
        landed.push(code);
      } catch (error) {
        if (!(error instanceof EventStoreUnavailable)) throw error;
        throw interrupted(codes, landed, csv.linesByInsurer, error);
      }
    }
    return { rows: csv.rows, insurers: codes.length, applied, encoding: csv.encoding, sha256: csv.sha256 };
  }

  /**
   * All or nothing: every insurer's answers are decided against its submission as it is now (skipping insurers whose
   * answers from this file already landed), and if any is refused nothing is stored: 409 IMPORT.REFUSED listing them.
   */
  private async refuseUnlessEveryInsurerSaves(fiscalYear: string, year: OpenedFiscalYear, csv: AnswersCsv, contexts: ReadonlyMap<string, CommandContext>): Promise<void> {
    const now = this.clock.now();
    const refused: { insurerCode: string; code: string; message: string }[] = [];
    for (const [insurerCode, row] of contexts) {
      const already = await this.streams.load(submissionStreamId(fiscalYear, insurerCode), submissionDecider);
      if (already.events.some((e) => e.metadata.commandId === row.commandId)) continue;
      const context: SubmissionContext = { fiscalYear, insurerCode, phase: year.phase, submissionsDueAt: year.deadlines.submissionsDueAt, framework: year.municipalFramework, now };
      try {
        submissionDecider.decide({ type: 'SaveAnswers', answers: csv.answersByInsurer.get(insurerCode) ?? {}, context }, already.state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push({ insurerCode, code: error.code, message: error.message });
      }
    }
    if (refused.length > 0) {
      throw new DomainError('conflict', 'IMPORT.REFUSED', `${refused.length} 保険者の回答を保存できません。何も保存していません。`, `Answers of ${refused.length} insurer(s) cannot be saved; nothing was stored.`, undefined, refused);
    }
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
        `同じファイルをもう一度送信すると未保存の分だけが保存されます。 The import was interrupted; ${landed.length} insurers landed, ` +
        `${missing.length} did not. Send the same file again: only what is missing will be stored.`,
      details: { landedInsurers: landed, notLandedInsurers: missing, notLandedLines },
    },
    HttpStatus.SERVICE_UNAVAILABLE,
    // The database's own message is logged with the request (the error filter), never sent.
    { cause },
  );
}
