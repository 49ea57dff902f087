import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { returnSubmission, reviewAnswer, saveAnswers, submissionStreamId, submit } from '@grants/domain';
import type { SubmissionContext, SubmissionState } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { assertInsurerScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { parseAsOf } from '../common/as-of';
import { commandContext, CommandHeaders } from '../commands/command-context';
import { CommandOutcome, DomainEvent, StreamCommands } from '../commands/stream-commands.service';
import { checkInsurerCode, FiscalYearReader, submissionFold } from '../fiscal-year/fiscal-year.reader';
import { parseAnswer, parseAnswers } from './answers';
import { ReturnSubmissionRequest, ReviewAnswerRequest, SaveAnswersRequest } from './submission.dto';

type Decide = (state: SubmissionState) => readonly DomainEvent[];

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' })
@Controller('fiscal-years/:fiscalYear/submissions/:insurerCode')
export class SubmissionController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  /** 回答の保存・修正 (insurer, or its prefecture on its behalf), until the deadline. */
  @Put('answers')
  @Roles('insurer', 'prefecture', 'national-admin')
  async save(
    @Param('fiscalYear') fiscalYear: string,
    @Param('insurerCode') insurerCode: string,
    @Body() body: SaveAnswersRequest,
    @CurrentActor() actor: Actor,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answers = parseAnswers(body.answers);
    return this.run(fiscalYear, insurerCode, actor, 'answers', body, headers, response, (context) => (state) => saveAnswers(answers, state, context));
  }

  /** 提出 (insurer, or its prefecture on its behalf). */
  @Post('submit')
  @HttpCode(200)
  @Roles('insurer', 'prefecture', 'national-admin')
  async submit(
    @Param('fiscalYear') fiscalYear: string,
    @Param('insurerCode') insurerCode: string,
    @CurrentActor() actor: Actor,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.run(fiscalYear, insurerCode, actor, 'submit', {}, headers, response, (context) => (state) => submit(state, context));
  }

  /** 差戻し: the prefecture (or the ministry) sends a submitted self-evaluation back, with a reason. */
  @Post('return')
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  async sendBack(
    @Param('fiscalYear') fiscalYear: string,
    @Param('insurerCode') insurerCode: string,
    @Body() body: ReturnSubmissionRequest,
    @CurrentActor() actor: Actor,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.run(fiscalYear, insurerCode, actor, 'return', body, headers, response, (context) => (state) => returnSubmission(body.reason, state, context), body.reason);
  }

  /** 国の審査: accept an answer, or correct it with a reason. */
  @Post('reviews')
  @HttpCode(200)
  @Roles('national-reviewer', 'national-admin')
  async review(
    @Param('fiscalYear') fiscalYear: string,
    @Param('insurerCode') insurerCode: string,
    @Body() body: ReviewAnswerRequest,
    @CurrentActor() actor: Actor,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answer = body.answer === undefined ? undefined : parseAnswer(body.answer, 'answer');
    return this.run(
      fiscalYear,
      insurerCode,
      actor,
      'reviews',
      body,
      headers,
      response,
      (context) => (state) => reviewAnswer({ indicatorId: body.indicatorId, decision: body.decision, answer, reason: body.reason }, state, context),
      body.reason,
    );
  }

  /** The submission with its status, answers, review corrections and history (who, role, when, why). */
  @Get()
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the submission as it stood then' })
  async get(
    @Param('fiscalYear') fiscalYear: string,
    @Param('insurerCode') insurerCode: string,
    @Query('asOf') asOfText: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const asOf = parseAsOf(asOfText);
    checkInsurerCode(insurerCode);
    assertInsurerScope(actor, insurerCode);
    await this.reader.openedYear(fiscalYear);
    const insurer = await this.reader.registeredInsurer(fiscalYear, insurerCode);
    const { state, version, events } = await this.commands.load(submissionStreamId(fiscalYear, insurerCode), submissionFold, asOf);
    response.setHeader('ETag', `"${version}"`);
    return {
      fiscalYear,
      insurer,
      status: state.status === 'absent' ? 'not_started' : state.status,
      answers: state.answers,
      corrections: state.corrections,
      version: version.toString(),
      history: events.map((event) => ({
        type: event.type,
        at: event.recordedAt.toISOString(),
        actorId: event.metadata.actorId,
        role: event.metadata.actorRole,
        organisationCode: event.metadata.organisationCode,
        reason: event.metadata.reason ?? null,
        version: event.streamVersion.toString(),
      })),
    };
  }

  private async run(
    fiscalYear: string,
    insurerCode: string,
    actor: Actor,
    action: string,
    payload: unknown,
    headers: Record<string, string | undefined>,
    response: Response,
    decideWith: (context: SubmissionContext) => Decide,
    reason?: string,
  ) {
    checkInsurerCode(insurerCode);
    assertInsurerScope(actor, insurerCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    await this.reader.registeredInsurer(fiscalYear, insurerCode);
    const commandHeaders: CommandHeaders = { idempotencyKey: headers['idempotency-key'], ifMatch: headers['if-match'], requestId: headers['x-request-id'] };
    const context = commandContext(actor, `${action} ${fiscalYear}/${insurerCode}`, payload, commandHeaders, reason);
    const submissionContext: SubmissionContext = {
      fiscalYear,
      insurerCode,
      phase: year.phase,
      submissionsDueAt: year.deadlines.submissionsDueAt,
      framework: year.municipalFramework,
      now: this.clock.now(),
    };
    const outcome: CommandOutcome = await this.commands.execute(submissionStreamId(fiscalYear, insurerCode), submissionFold, context, decideWith(submissionContext));
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, insurerCode, version: outcome.version.toString(), events: outcome.events.map((e) => e.type), idempotentReplay: outcome.idempotentReplay };
  }
}
