import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import {
  approveFinalization,
  CalculationInputs,
  calculationInputs,
  hashCalculationInputs,
  correctScore,
  DomainError,
  fiscalYearStreamId,
  grantCalculationStreamId,
  PREFECTURES,
  recalculate,
  requestFinalization,
  runTrialCalculation,
  ScoresCalculated,
} from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { assertInsurerScope, assertPrefectureScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, grantCalculationFold, OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';
import { parseAsOf } from '../common/as-of';
import { ScoringService } from '../scoring/scoring.service';
import { POOL_TITLES, reportCsv, reportRows, reportXlsx, toThousandYen } from './grant-report';

export class FinalizationRequest {
  @ApiProperty({ example: 3, description: '確定する試算の番号（最新の試算）' })
  @IsInt()
  @Min(1)
  trialNumber: number;
}

export class ScoreCorrectionRequest {
  @ApiProperty({ enum: ['municipal', 'prefectural'] })
  @IsIn(['municipal', 'prefectural'])
  level: 'municipal' | 'prefectural';

  @ApiProperty({ example: '242055', description: '保険者番号、または都道府県コード' })
  @Matches(/^(\d{6}|\d{2})$/)
  code: string;

  @ApiProperty({ enum: ['suishin', 'shien'] })
  @IsIn(['suishin', 'shien'])
  grant: 'suishin' | 'shien';

  @ApiProperty({ example: 280, description: '訂正後の得点（交付金ごと）' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  score: number;

  @ApiProperty({ description: '訂正の理由（必須）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

const calculationFold = grantCalculationFold;

@ApiTags('grant-calculation 交付額算定')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/calculations')
export class GrantCalculationController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly scoring: ScoringService,
  ) {}

  /** 試算: divides the four pools from the recorded scores, the register and the 所要見込額. Many trials are allowed. */
  @Post('trials')
  @HttpCode(201)
  @Roles('national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async trial(
    @Param('fiscalYear') fiscalYear: string,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const year = await this.reader.openedYear(fiscalYear);
    const inputs = await this.inputs(year);
    const inputsSha256 = hashCalculationInputs(inputs);
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/trials`, { inputsSha256 }, { idempotencyKey, ifMatch });
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) =>
      runTrialCalculation(inputs, inputsSha256, state, year.phase, this.clock.now()),
    );
    response.setHeader('ETag', `"${outcome.version}"`);
    const data = outcome.events[0].data as unknown as { trialNumber: number; pools: { pool: string; poolYen: string; placedYen: string; unallocatedYen: string }[] };
    return {
      fiscalYear,
      trialNumber: data.trialNumber,
      inputsSha256,
      pools: data.pools.map(({ pool, poolYen, placedYen, unallocatedYen }) => ({ pool, poolYen, placedYen, unallocatedYen })),
      version: outcome.version.toString(),
    };
  }

  /** 確定の起案 of the latest trial (national administrator A). */
  @Post('finalization-request')
  @HttpCode(200)
  @Roles('national-admin')
  async requestFinal(@Param('fiscalYear') fiscalYear: string, @Body() body: FinalizationRequest, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey: string | undefined, @Headers('if-match') ifMatch: string | undefined) {
    await this.reader.openedYear(fiscalYear);
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/finalization-request`, body, { idempotencyKey, ifMatch });
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) =>
      requestFinalization(body.trialNumber, actor.actorId, state, fiscalYear, this.clock.now()),
    );
    return { fiscalYear, trialNumber: body.trialNumber, requestedBy: actor.actorId, version: outcome.version.toString() };
  }

  /** 決裁: a second national administrator approves; the amounts are then frozen. */
  @Post('finalization-approval')
  @HttpCode(200)
  @Roles('national-admin')
  async approve(@Param('fiscalYear') fiscalYear: string, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey: string | undefined, @Headers('if-match') ifMatch: string | undefined) {
    await this.reader.openedYear(fiscalYear);
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/finalization-approval`, {}, { idempotencyKey, ifMatch });
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) =>
      approveFinalization(actor.actorId, state, fiscalYear, this.clock.now()),
    );
    const data = outcome.events[0]?.data as { trialNumber?: number; requestedBy?: string } | undefined;
    return { fiscalYear, trialNumber: data?.trialNumber ?? null, requestedBy: data?.requestedBy ?? null, approvedBy: actor.actorId, version: outcome.version.toString() };
  }

  /** 訂正 of a grant score after finalization (reason required); amounts change only through a recalculation. */
  @Post('score-corrections')
  @HttpCode(200)
  @Roles('national-admin')
  async correct(@Param('fiscalYear') fiscalYear: string, @Body() body: ScoreCorrectionRequest, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey: string | undefined, @Headers('if-match') ifMatch: string | undefined) {
    const year = await this.reader.openedYear(fiscalYear);
    const known = body.level === 'prefectural' ? new Set(PREFECTURES.map((p) => p.code)) : new Set((await this.reader.register(year.fiscalYear)).insurers.keys());
    const { reason, ...correction } = body;
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/score-corrections`, body, { idempotencyKey, ifMatch }, reason);
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) =>
      correctScore(correction, known, state, fiscalYear, this.clock.now()),
    );
    return { fiscalYear, ...correction, version: outcome.version.toString() };
  }

  /** 再算定 with the corrections: per recipient, the finalized amount, the new one and the difference to pay or recover. */
  @Post('recalculations')
  @HttpCode(201)
  @Roles('national-admin')
  async recalculation(@Param('fiscalYear') fiscalYear: string, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey: string | undefined, @Headers('if-match') ifMatch: string | undefined) {
    const year = await this.reader.openedYear(fiscalYear);
    const inputs = await this.inputs(year);
    const inputsSha256 = hashCalculationInputs(inputs);
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/recalculations`, { inputsSha256 }, { idempotencyKey, ifMatch });
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) => recalculate(inputs, inputsSha256, state, this.clock.now()));
    const data = outcome.events[0].data as { recalculationNumber: number; finalTrialNumber: number; differences: unknown[] };
    return { fiscalYear, recalculationNumber: data.recalculationNumber, finalTrialNumber: data.finalTrialNumber, differences: data.differences, version: outcome.version.toString() };
  }

  /**
   * 交付額一覧 in the published shapes: CSV (UTF-8 with BOM, or Shift_JIS with ?encoding=shift_jis) or XLSX, amounts
   * in 千円, Japanese headers, of the amounts in force (X-Calculation names which calculation that is).
   */
  @Get('report')
  @Roles('national-admin', 'national-reviewer', 'auditor')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiQuery({ name: 'encoding', required: false, enum: ['utf-8', 'shift_jis'] })
  async report(
    @Param('fiscalYear') fiscalYear: string,
    @Query('format') format: string | undefined,
    @Query('encoding') encoding: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    if (format !== undefined && format !== 'csv' && format !== 'xlsx') {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'format は csv か xlsx です。', 'format must be csv or xlsx.', 'format');
    }
    if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'shift_jis') {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は utf-8 か shift_jis です。', 'encoding must be utf-8 or shift_jis.', 'encoding');
    }
    await this.reader.openedYear(fiscalYear);
    const { state } = await this.commands.load(grantCalculationStreamId(fiscalYear), calculationFold);
    // The amounts in force: the latest recalculation, else the finalized calculation, else the latest trial.
    const recalculation = state.latestRecalculation;
    const pools = recalculation?.pools ?? state.finalized?.pools ?? state.latest?.pools;
    if (!pools) throw new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No calculation for ${fiscalYear} yet.`);
    const names = await this.names(fiscalYear);
    const label = recalculation ? `再算定${recalculation.recalculationNumber}` : state.finalized ? '確定' : `試算${state.latest?.trialNumber}`;
    const base = `kofugaku-${fiscalYear}-${recalculation ? `recalculation${recalculation.recalculationNumber}` : state.finalized ? 'final' : `trial${state.latest?.trialNumber}`}`;
    response.setHeader('X-Calculation', encodeURIComponent(label));
    if (format === 'xlsx') {
      response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      response.setHeader('Content-Disposition', `attachment; filename="${base}.xlsx"`);
      return new StreamableFile(await reportXlsx(pools, names));
    }
    const sjis = encoding === 'shift_jis';
    response.setHeader('Content-Type', `text/csv; charset=${sjis ? 'Shift_JIS' : 'UTF-8'}`);
    response.setHeader('Content-Disposition', `attachment; filename="${base}.csv"`);
    return new StreamableFile(reportCsv(reportRows(pools, names), sjis ? 'shift_jis' : 'utf-8'));
  }

  /** 交付額の根拠: for one recipient, per pool, its score, weight, share of the national sum, cap and rounding. */
  @Get('why/:code')
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the amount as it stood then' })
  async why(@Param('fiscalYear') fiscalYear: string, @Param('code') code: string, @Query('asOf') asOfText: string | undefined, @CurrentActor() actor: Actor) {
    const asOf = parseAsOf(asOfText);
    if (!/^(\d{6}|\d{2})$/.test(code)) throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '団体コードが不正です。', 'Invalid code.', 'code');
    if (code.length === 6) assertInsurerScope(actor, code);
    else assertPrefectureScope(actor, code);
    await this.reader.openedYear(fiscalYear);
    const { state } = await this.commands.load(grantCalculationStreamId(fiscalYear), calculationFold, asOf);
    const calculation = state.finalized ?? state.latest;
    if (!calculation) throw new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No calculation for ${fiscalYear} yet.`);
    // The amount in force: the latest recalculation after corrections, else the finalized one, else the latest trial.
    const pools = (state.latestRecalculation?.pools ?? calculation.pools)
      .map((pool) => {
        const recipient = pool.recipients.find((r) => r.code === code);
        if (!recipient) return undefined;
        const weightSum = pool.recipients.reduce((sum, r) => sum + BigInt(r.weight), 0n);
        return {
          pool: pool.pool,
          title: POOL_TITLES[pool.pool],
          poolYen: pool.poolYen,
          weight: recipient.weight,
          weightRule: pool.pool.endsWith('municipal') ? '得点 × 第1号被保険者数 (score × category-1 insured persons)' : '得点 (score)',
          nationalWeightSum: weightSum.toString(),
          shareOfNationalSum: `${recipient.weight}/${weightSum}`,
          capYen: recipient.capYen,
          capped: recipient.capped,
          exactShareYen: recipient.exactShareYen,
          amountYen: recipient.amountYen,
          amountThousandYen: toThousandYen(recipient.amountYen),
          rounding: '1,000 円単位、最大剰余法（同順は団体コード昇順） / to the unit by largest remainder, ties by code',
          redistributionRounds: pool.rounds,
        };
      })
      .filter((pool) => pool !== undefined);
    if (pools.length === 0) throw new DomainError('not_found', 'CALCULATION.UNKNOWN_RECIPIENT', `${code} は算定の対象ではありません。`, `${code} is not a recipient.`, 'code');
    return {
      fiscalYear,
      code,
      calculation: { finalized: state.finalized !== undefined, trialNumber: calculation.trialNumber, recalculationNumber: state.latestRecalculation?.recalculationNumber ?? null },
      pools,
    };
  }

  /** The latest trial, or one recipient's amounts in it (?code=242055 or ?code=24). */
  @Get('latest')
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the calculation as it stood then' })
  async latest(@Param('fiscalYear') fiscalYear: string, @Query('code') code: string | undefined, @Query('asOf') asOfText: string | undefined, @CurrentActor() actor: Actor) {
    const asOf = parseAsOf(asOfText);
    await this.reader.openedYear(fiscalYear);
    if (code === undefined && (actor.role === 'insurer' || actor.role === 'prefecture')) {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全体の試算結果は国の担当者のみ参照できます。?code= を指定してください。', 'Only national users may read the whole calculation; pass ?code=.');
    }
    if (code !== undefined && actor.role === 'insurer' && code !== actor.organisationCode) {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '他の保険者の算定結果は参照できません。', "You cannot read another insurer's amounts.");
    }
    if (code !== undefined && actor.role === 'prefecture' && code.slice(0, 2) !== actor.organisationCode) {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '他の都道府県の算定結果は参照できません。', "You cannot read another prefecture's amounts.");
    }
    const { state } = await this.commands.load(grantCalculationStreamId(fiscalYear), calculationFold, asOf);
    if (!state.latest) throw new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No trial calculation for ${fiscalYear} yet.`);
    const { pools, ...rest } = state.latest;
    return {
      ...rest,
      finalized: state.finalized ? { trialNumber: state.finalized.trialNumber, requestedBy: state.finalized.requestedBy, approvedBy: state.finalized.approvedBy, finalizedAt: state.finalized.finalizedAt } : null,
      pools: pools.map((pool) => ({ ...pool, recipients: code === undefined ? pool.recipients : pool.recipients.filter((r) => r.code === code) })),
    };
  }

  private async names(fiscalYear: string): Promise<(code: string) => string> {
    const register = await this.reader.register(fiscalYear);
    return (code: string) => register.insurers.get(code)?.name ?? PREFECTURES.find((p) => p.code === code)?.name ?? code;
  }

  private async inputs(year: OpenedFiscalYear): Promise<CalculationInputs> {
    const scores = (await this.commands.latestOfType(fiscalYearStreamId(year.fiscalYear), 'ScoresCalculated')) as unknown as ScoresCalculated | undefined;
    if (!scores) {
      throw new DomainError('conflict', 'CALCULATION.NOT_SCORED', '試算は評価確定後に行えます。', 'Trial calculations run after scoring.', undefined, { phase: year.phase });
    }
    const register = await this.reader.register(year.fiscalYear);
    return calculationInputs(year, scores, register, await this.scoring.prefectureSubmissions(year.fiscalYear));
  }
}
