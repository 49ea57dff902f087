import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CALCULATION_REF,
  diffCalculations,
  DomainError,
  recipientTimeline,
  recipientView,
  resolveCalculation,
  TIMELINE_FIELDS,
  diffCsvLines,
  isRecipientCode,
} from '@grants/domain';
import { parseChainDigest } from '@grants/event-store';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { checkLabel } from '../fiscal-year/fiscal-year.reader';
import { AuditService } from './audit.service';

const invalid = (field: string, ja: string, en: string) => new DomainError('invalid', 'VALIDATION.INVALID_QUERY', ja, en, field);

function checkRecipient(code: string): string {
  if (isRecipientCode(code)) return code;
  throw new DomainError(
    'invalid',
    'VALIDATION.INVALID_PARAM',
    `「${code}」は都道府県コード（01–47）でも検査数字の正しい地方公共団体コード（6桁）でもありません。`,
    `"${code}" is neither a prefecture code (01–47) nor a 6-digit local government code with a valid check digit.`,
    'code',
  );
}

function checkRef(name: string, value: string | undefined, fallback: string): string {
  const ref = value ?? fallback;
  if (!CALCULATION_REF.test(ref)) {
    throw invalid(
      name,
      `${name} には trial:<番号>、final、recalculation:<番号>、latest、in-force、@<位置> または @<ISO 日時> を指定してください。`,
      `${name} is trial:<n>, final, recalculation:<n>, latest, in-force, @<position> or @<ISO time>.`,
    );
  }
  return ref;
}

/**
 * 監査: everything here only reads, for auditors and the ministry. Each answer is computed from the events alone (not
 * from read models), as of `?asOf=` when given, so an auditor can check any number without trusting the service's
 * tables. The point in time a response answers for is in its X-As-Of header.
 */
@ApiTags('audit 監査')
@ApiBearerAuth()
@Roles('auditor', 'national-admin', 'national-reviewer')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** ハッシュチェーン検証: the whole chain from the start, and each fiscal year's head digest to keep outside the system. */
  @Get('chain')
  @ApiQuery({ name: 'digest', required: false, description: '<position>:<sha256 hex> saved earlier: proves nothing before it changed' })
  async chain(@Query('digest') digestText: string | undefined) {
    const digest = digestText === undefined ? undefined : parseChainDigest(digestText);
    if (digestText !== undefined && !digest) throw invalid('digest', 'digest は「位置:64桁の16進数」の形式です。', 'digest is <position>:<64 hex digits>.');
    const result = await this.audit.chain(digest);
    return {
      ok: result.ok,
      checked: result.checked,
      head: { position: result.head.position.toString(), hash: result.head.hash, digest: `${result.head.position}:${result.head.hash}` },
      failure: result.failure ? { ...result.failure, position: result.failure.position.toString(), streamVersion: result.failure.streamVersion?.toString() } : null,
      fiscalYears: result.fiscalYears.map((f) => ({ fiscalYear: f.fiscalYear, events: f.events, head: { position: f.position, hash: f.hash }, digest: `${f.position}:${f.hash}` })),
    };
  }

  /** 再計算照合: the year rebuilt from its events alone; every recorded score, trial and recalculation recomputed. */
  @Get('fiscal-years/:fiscalYear/replay')
  async replay(@Param('fiscalYear') fiscalYear: string) {
    const report = await this.audit.replay(checkLabel(fiscalYear));
    return { ...report, reproduced: report.mismatches.length === 0 };
  }

  /** 変更履歴: every change of one recipient (insurer or prefecture) with who, role, when, why, command and before/after. */
  @Get('fiscal-years/:fiscalYear/timeline/:code')
  @ApiQuery({ name: 'fields', required: false, description: `comma-separated: ${TIMELINE_FIELDS.join(', ')}` })
  async timeline(@Param('fiscalYear') fiscalYear: string, @Param('code') code: string, @Query('fields') fieldsText: string | undefined) {
    checkLabel(fiscalYear);
    checkRecipient(code);
    const fields = fieldsText === undefined ? undefined : fieldsText.split(',').map((f) => f.trim());
    const unknown = fields?.find((f) => !(TIMELINE_FIELDS as readonly string[]).includes(f));
    if (unknown !== undefined) throw invalid('fields', `fields に「${unknown}」は指定できません（${TIMELINE_FIELDS.join('、')}）。`, `Unknown field family "${unknown}".`);
    const events = await this.audit.events(fiscalYear);
    const { entries, view } = recipientTimeline(fiscalYear, code, events, { fields });
    return { fiscalYear, code, entries, current: view };
  }

  /** ある時点の状態: one recipient's answers, scores, corrections and amounts as they stood at `?asOf=`. */
  @Get('fiscal-years/:fiscalYear/recipients/:code')
  async recipient(@Param('fiscalYear') fiscalYear: string, @Param('code') code: string) {
    checkLabel(fiscalYear);
    checkRecipient(code);
    const { history } = await this.audit.history(fiscalYear);
    return { fiscalYear, code, position: history.last?.position.toString() ?? null, view: recipientView(history, code) };
  }

  /** 算定一覧: every trial, the finalization and every recalculation, by the names `diff` accepts. */
  @Get('fiscal-years/:fiscalYear/calculations')
  async calculations(@Param('fiscalYear') fiscalYear: string) {
    const { history } = await this.audit.history(checkLabel(fiscalYear));
    return {
      fiscalYear,
      inForce: history.inForce()?.ref ?? null,
      calculations: history.calculations.map((c) => ({ ref: c.ref, label: c.label, position: c.position.toString(), eventId: c.eventId, recordedAt: c.recordedAt ?? null })),
    };
  }

  /** 比較: two calculations (or the amounts in force at two points of the log) side by side, per pool and recipient. */
  @Get('fiscal-years/:fiscalYear/diff')
  @ApiQuery({ name: 'from', required: false, description: 'trial:<n> | final | recalculation:<n> | latest | in-force | @<position> | @<ISO time> (default final)' })
  @ApiQuery({ name: 'to', required: false, description: 'same forms (default in-force)' })
  @ApiQuery({ name: 'all', required: false, description: 'true: also recipients whose amount did not change' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async diff(
    @Param('fiscalYear') fiscalYear: string,
    @Query('from') fromText: string | undefined,
    @Query('to') toText: string | undefined,
    @Query('all') all: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    checkLabel(fiscalYear);
    const [from, to] = [checkRef('from', fromText, 'final'), checkRef('to', toText, 'in-force')];
    if (all !== undefined && all !== 'true' && all !== 'false') throw invalid('all', 'all は true か false です。', 'all is true or false.');
    if (format !== undefined && format !== 'json' && format !== 'csv') throw invalid('format', 'format は json か csv です。', 'format is json or csv.');
    const { history, events } = await this.audit.history(fiscalYear);
    const resolve = (name: string, ref: string) => {
      const found = resolveCalculation(ref, fiscalYear, events, history);
      if (!found) throw new DomainError('not_found', 'AUDIT.NO_CALCULATION', `${name}=${ref} に当たる算定はありません。`, `No calculation ${ref} (${name}).`, name);
      return found;
    };
    const diff = diffCalculations(resolve('from', from), resolve('to', to), { all: all === 'true' });
    if (format !== 'csv') return { fiscalYear, ...diff };
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="diff-${fiscalYear}.csv"`);
    return `\uFEFF${diffCsvLines(diff).join('\r\n')}\r\n`;
  }
}
