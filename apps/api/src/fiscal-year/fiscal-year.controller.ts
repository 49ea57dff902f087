import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import {
  advancePhase,
  DomainError,
  fiscalYearStreamId,
  FY2021_PREFECTURAL_FRAMEWORK,
  FY2024_MUNICIPAL_FRAMEWORK,
  openFiscalYear,
  parseFramework,
  requireOpened,
} from '@grants/domain';
import type { Framework } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands } from '../commands/stream-commands.service';
import { ScoringService } from '../scoring/scoring.service';
import { checkLabel, FiscalYearReader, fiscalYearFold } from './fiscal-year.reader';
import { AdvancePhaseRequest, OpenFiscalYearRequest } from './fiscal-year.dto';
import { ReadinessService } from './readiness.service';


const SHIPPED: Readonly<Record<string, Framework>> = {
  'fy2024-municipal': FY2024_MUNICIPAL_FRAMEWORK,
  'fy2021-prefectural': FY2021_PREFECTURAL_FRAMEWORK,
};

const sha256 = (value: unknown) => createHash('sha256').update(canonicalize(value) ?? '').digest('hex');

@ApiTags('fiscal-years 年度')
@ApiBearerAuth()
@Controller('fiscal-years')
export class FiscalYearController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly clock: Clock,
    private readonly readiness: ReadinessService,
    private readonly reader: FiscalYearReader,
    private readonly scoring: ScoringService,
  ) {}

  /** 年度の開始: pools, frameworks, deadlines and the allocation rule version (national administrators). */
  @Post()
  @Roles('national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async open(
    @Body() body: OpenFiscalYearRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const context = commandContext(actor, 'POST /fiscal-years', body, { idempotencyKey, ifMatch });
    const municipalFramework = frameworkOf(body.municipalFramework, body.municipalFrameworkId ?? 'fy2024-municipal');
    const prefecturalFramework = frameworkOf(body.prefecturalFramework, body.prefecturalFrameworkId ?? 'fy2021-prefectural');
    const outcome = await this.commands.execute(fiscalYearStreamId(body.fiscalYear), fiscalYearFold, context, (state) =>
      openFiscalYear(
        {
          type: 'OpenFiscalYear',
          fiscalYear: body.fiscalYear,
          pools: { ...body.pools },
          municipalFramework,
          prefecturalFramework,
          frameworkHashes: { municipal: sha256(municipalFramework), prefectural: sha256(prefecturalFramework) },
          deadlines: { ...body.deadlines },
          allocationRuleVersion: body.allocationRuleVersion,
          unitYen: body.unitYen ?? '1000',
        },
        state,
        this.clock.now(),
      ),
    );
    // A retried creation answers exactly as the first delivery did (201); the body says it was a replay.
    response.status(201).setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear: body.fiscalYear, version: outcome.version.toString(), events: outcome.events.map((e) => e.type), idempotentReplay: outcome.idempotentReplay };
  }

  /** フェーズを進める: one step forward, refused with the list of what is missing. */
  @Post(':fiscalYear/phase')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async advance(
    @Param('fiscalYear') fiscalYear: string,
    @Body() body: AdvancePhaseRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const context = commandContext(actor, `POST /fiscal-years/${fiscalYear}/phase`, body, { idempotencyKey, ifMatch }, body.reason);
    const now = this.clock.now();
    const year = await this.reader.openedYear(fiscalYear);
    const readiness = await this.readiness.check(year, body.to, now);
    // Scores are computed before the append; from 'review_completed' on nothing that feeds them can change.
    const scores =
      body.to === 'scored' && year.phase === 'review_completed' && readiness.missing.length === 0 ? await this.scoring.calculate(year, now) : undefined;
    const outcome = await this.commands.execute(fiscalYearStreamId(fiscalYear), fiscalYearFold, context, (state) => {
      const advanced = advancePhase({ type: 'AdvancePhase', fiscalYear, to: body.to, readiness }, state, now);
      return advanced.length > 0 && scores ? [scores, ...advanced] : advanced;
    });
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, phase: body.to, version: outcome.version.toString() };
  }

  /** 年度の状態: phase, pools, deadlines, framework hashes; the ETag is the version for If-Match. */
  @Get(':fiscalYear')
  async get(@Param('fiscalYear') fiscalYear: string, @Res({ passthrough: true }) response: Response) {
    const { state, version } = await this.commands.load(fiscalYearStreamId(checkLabel(fiscalYear)), fiscalYearFold);
    const opened = requireOpened(state, fiscalYear);
    response.setHeader('ETag', `"${version}"`);
    return {
      fiscalYear,
      phase: opened.phase,
      pools: opened.pools,
      deadlines: opened.deadlines,
      allocationRuleVersion: opened.allocationRuleVersion,
      unitYen: opened.unitYen,
      frameworkHashes: opened.frameworkHashes,
      openedAt: opened.openedAt,
      version: version.toString(),
    };
  }

  /** 次のフェーズに進むために不足しているもの. */
  @Get(':fiscalYear/readiness')
  async readinessOf(@Param('fiscalYear') fiscalYear: string) {
    const opened = await this.reader.openedYear(fiscalYear);
    const next = this.readiness.nextPhase(opened.phase);
    return { fiscalYear, phase: opened.phase, next: next ?? null, missing: next ? (await this.readiness.check(opened, next, this.clock.now())).missing : [] };
  }

  /** 指標体系: the frameworks the year was opened with. */
  @Get(':fiscalYear/frameworks/:level')
  async framework(@Param('fiscalYear') fiscalYear: string, @Param('level') level: string) {
    const { state } = await this.commands.load(fiscalYearStreamId(checkLabel(fiscalYear)), fiscalYearFold);
    const opened = requireOpened(state, fiscalYear);
    if (level === 'municipal') return opened.municipalFramework;
    if (level === 'prefectural') return opened.prefecturalFramework;
    throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', "level は 'municipal' か 'prefectural' です。", "level must be 'municipal' or 'prefectural'.", 'level');
  }
}

function frameworkOf(json: Record<string, unknown> | undefined, shippedId: string): Framework {
  return json !== undefined ? parseFramework(json) : SHIPPED[shippedId];
}
