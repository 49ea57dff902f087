import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import {
  approveFinalization,
  CalculationInputs,
  correctScore,
  DomainError,
  evolveGrantCalculation,
  evolvePrefectureSubmission,
  fiscalYearStreamId,
  grantCalculationStreamId,
  initialGrantCalculationState,
  initialPrefectureSubmissionState,
  PREFECTURES,
  prefectureSubmissionStreamId,
  recalculate,
  requestFinalization,
  runTrialCalculation,
  ScoresCalculated,
} from '@grants/domain';
import type { GrantCalculationState } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands, StreamFold } from '../commands/stream-commands.service';
import { FiscalYearReader, OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

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

const calculationFold: StreamFold<GrantCalculationState> = { initialState: initialGrantCalculationState, evolve: evolveGrantCalculation };
const prefectureFold = { initialState: initialPrefectureSubmissionState, evolve: evolvePrefectureSubmission };

@ApiTags('grant-calculation 交付額算定')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/calculations')
export class GrantCalculationController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly store: EventStore,
    private readonly clock: Clock,
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
    const inputsSha256 = hashInputs(inputs);
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
    const inputsSha256 = hashInputs(inputs);
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/calculations/recalculations`, { inputsSha256 }, { idempotencyKey, ifMatch });
    const outcome = await this.commands.execute(grantCalculationStreamId(fiscalYear), calculationFold, context, (state) => recalculate(inputs, inputsSha256, state, this.clock.now()));
    const data = outcome.events[0].data as { recalculationNumber: number; finalTrialNumber: number; differences: unknown[] };
    return { fiscalYear, recalculationNumber: data.recalculationNumber, finalTrialNumber: data.finalTrialNumber, differences: data.differences, version: outcome.version.toString() };
  }

  /** The latest trial, or one recipient's amounts in it (?code=242055 or ?code=24). */
  @Get('latest')
  @ApiQuery({ name: 'code', required: false })
  async latest(@Param('fiscalYear') fiscalYear: string, @Query('code') code: string | undefined, @CurrentActor() actor: Actor) {
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
    const { state } = await this.commands.load(grantCalculationStreamId(fiscalYear), calculationFold);
    if (!state.latest) throw new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No trial calculation for ${fiscalYear} yet.`);
    const { pools, ...rest } = state.latest;
    return {
      ...rest,
      finalized: state.finalized ? { trialNumber: state.finalized.trialNumber, requestedBy: state.finalized.requestedBy, approvedBy: state.finalized.approvedBy, finalizedAt: state.finalized.finalizedAt } : null,
      pools: pools.map((pool) => ({ ...pool, recipients: code === undefined ? pool.recipients : pool.recipients.filter((r) => r.code === code) })),
    };
  }

  private async inputs(year: OpenedFiscalYear): Promise<CalculationInputs> {
    const events = await this.store.readStream(fiscalYearStreamId(year.fiscalYear), { direction: 'backwards', maxCount: 100 });
    const scores = events.find((e) => e.type === 'ScoresCalculated') as unknown as ScoresCalculated | undefined;
    if (!scores) {
      throw new DomainError('conflict', 'CALCULATION.NOT_SCORED', '試算は評価確定後に行えます。', 'Trial calculations run after scoring.', undefined, { phase: year.phase });
    }
    const register = await this.reader.register(year.fiscalYear);
    const grantScores = (grants: readonly { grant: string; score: number }[]) => ({
      suishin: grants.find((g) => g.grant === 'suishin')?.score ?? 0,
      shien: grants.find((g) => g.grant === 'shien')?.score ?? 0,
    });
    const prefectures = [];
    for (const prefecture of PREFECTURES) {
      const { state } = await this.commands.load(prefectureSubmissionStreamId(year.fiscalYear, prefecture.code), prefectureFold);
      const scored = scores.data.prefectures.find((p) => p.code === prefecture.code);
      prefectures.push({
        code: prefecture.code,
        grantScores: grantScores(scored?.grants ?? []),
        ...(state.status === 'submitted' && state.requested && { requestedYen: { suishin: BigInt(state.requested.suishinYen), shien: BigInt(state.requested.shienYen) } }),
      });
    }
    return {
      fiscalYear: year.fiscalYear,
      ruleVersion: year.allocationRuleVersion,
      unitYen: BigInt(year.unitYen),
      pools: year.pools,
      insurers: scores.data.insurers.map((insurer) => ({
        code: insurer.code,
        category1InsuredPersons: register.insurers.get(insurer.code)?.category1InsuredPersons ?? 0,
        grantScores: grantScores(insurer.grants),
      })),
      prefectures,
    };
  }
}

/** SHA-256 of the calculation inputs; BigInts are hashed as decimal strings, like every yen amount in the store. */
function hashInputs(inputs: CalculationInputs): string {
  const plain: unknown = JSON.parse(JSON.stringify(inputs, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
  return createHash('sha256').update(canonicalize(plain) ?? '').digest('hex');
}
