import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject, Matches } from 'class-validator';
import type { Response } from 'express';
import {
  DomainError,
  isPrefectureCode,
  prefectureSubmissionStreamId,
  reviewPrefectureAnswer,
  savePrefectureAnswers,
  setRequestedAmounts,
  submitPrefecture,
} from '@grants/domain';
import { prefectureSubmissionDecider } from '@grants/domain';
import type { PrefectureSubmissionContext, PrefectureSubmissionState } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { assertPrefectureScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { DomainEvent, StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader } from '../fiscal-year/fiscal-year.reader';
import { parseAnswer, parseAnswers } from '../submission/answers';
import { ReviewAnswerRequest } from '../national-review/review-answer/review-answer.request';

const fold = prefectureSubmissionDecider;
const YEN = /^(0|[1-9]\d{0,12})$/;
const YEN_MESSAGE = '$property: 0 以上の整数（円）を文字列で指定してください / whole yen as a decimal string';

export class PrefectureAnswersRequest {
  @ApiProperty({ example: { 'suishin-I-1': { answerType: 'yes_no', yes: true } } })
  @IsObject()
  answers: Record<string, unknown>;
}

export class RequestedAmountsRequest {
  @ApiProperty({ example: '21000000', description: '推進の所要見込額（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  suishinYen: string;

  @ApiProperty({ example: '20500000', description: '支援の所要見込額（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  shienYen: string;
}

@ApiTags('prefecture-submissions 都道府県')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false })
@Controller('fiscal-years/:fiscalYear/prefectures/:prefectureCode')
export class PrefectureSubmissionController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  /** 都道府県の自己評価の保存. */
  @Put('answers')
  @Roles('prefecture', 'national-admin')
  async answers(@Param('fiscalYear') fy: string, @Param('prefectureCode') pref: string, @Body() body: PrefectureAnswersRequest, @CurrentActor() actor: Actor, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    const answers = parseAnswers(body.answers);
    return this.run(fy, pref, actor, 'answers', body, headers, response, (context) => (state) => savePrefectureAnswers(answers, state, context));
  }

  /** 所要見込額 per grant. */
  @Put('requested-amounts')
  @Roles('prefecture', 'national-admin')
  async requested(@Param('fiscalYear') fy: string, @Param('prefectureCode') pref: string, @Body() body: RequestedAmountsRequest, @CurrentActor() actor: Actor, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    return this.run(fy, pref, actor, 'requested-amounts', body, headers, response, (context) => (state) => setRequestedAmounts({ suishinYen: body.suishinYen, shienYen: body.shienYen }, state, context));
  }

  /** 提出. */
  @Post('submit')
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  async submit(@Param('fiscalYear') fy: string, @Param('prefectureCode') pref: string, @CurrentActor() actor: Actor, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    return this.run(fy, pref, actor, 'submit', {}, headers, response, (context) => (state) => submitPrefecture(state, context));
  }

  /** 国の審査: accept one of the prefecture's answers, or correct it with a reason. */
  @Post('reviews')
  @HttpCode(200)
  @Roles('national-reviewer', 'national-admin')
  async review(@Param('fiscalYear') fy: string, @Param('prefectureCode') pref: string, @Body() body: ReviewAnswerRequest, @CurrentActor() actor: Actor, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    const answer = body.answer === undefined ? undefined : parseAnswer(body.answer, 'answer');
    return this.run(fy, pref, actor, 'reviews', body, headers, response, (context) => (state) =>
      reviewPrefectureAnswer({ indicatorId: body.indicatorId, decision: body.decision, answer, reason: body.reason }, state, context),
      body.reason,
    );
  }

  @Get()
  async get(@Param('fiscalYear') fy: string, @Param('prefectureCode') pref: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response) {
    checkPrefecture(pref);
    assertPrefectureScope(actor, pref);
    await this.reader.openedYear(fy);
    const { state, version } = await this.commands.load(prefectureSubmissionStreamId(fy, pref), fold);
    response.setHeader('ETag', `"${version}"`);
    return { fiscalYear: fy, prefectureCode: pref, status: state.status === 'absent' ? 'not_started' : state.status, answers: state.answers, corrections: state.corrections, requested: state.requested ?? null, version: version.toString() };
  }

  private async run(
    fiscalYear: string,
    prefectureCode: string,
    actor: Actor,
    action: string,
    payload: unknown,
    headers: Record<string, string | undefined>,
    response: Response,
    decideWith: (context: PrefectureSubmissionContext) => (state: PrefectureSubmissionState) => readonly DomainEvent[],
    reason?: string,
  ) {
    checkPrefecture(prefectureCode);
    assertPrefectureScope(actor, prefectureCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    const context = commandContext(actor, `${action} ${fiscalYear}/prefecture/${prefectureCode}`, payload, { idempotencyKey: headers['idempotency-key'], ifMatch: headers['if-match'], requestId: headers['x-request-id'] }, reason);
    const decisionContext: PrefectureSubmissionContext = { fiscalYear, prefectureCode, phase: year.phase, dueAt: year.deadlines.prefectureSubmissionsDueAt, framework: year.prefecturalFramework, now: this.clock.now() };
    const outcome = await this.commands.execute(prefectureSubmissionStreamId(fiscalYear, prefectureCode), fold, context, decideWith(decisionContext));
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, prefectureCode, version: outcome.version.toString(), events: outcome.events.map((e) => e.type), idempotentReplay: outcome.idempotentReplay };
  }
}

function checkPrefecture(code: string): void {
  if (!isPrefectureCode(code)) throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '都道府県コードは 01〜47 です。', 'The prefecture code is 01–47.', 'prefectureCode');
}
