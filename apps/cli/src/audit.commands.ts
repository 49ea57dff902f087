import {
  CALCULATION_REF,
  csvRecord,
  formatJstWareki,
  diffCalculations,
  diffCsvLines,
  historyAsOf,
  isRecipientCode,
  recipientTimeline,
  recipientView,
  resolveCalculation,
  TIMELINE_FIELDS,
} from '@grants/domain';
import { CliNotFound, CliUsageError } from './cli-errors';
import { str } from './cli-options';
import { databaseUrl, options, parsePoint, readFiscalYear, requireFiscalYear } from './log-reader';
import { Progress } from './progress';

export interface AuditIo {
  readonly out: (line: string) => void;
  /** A progress bar factory for long reads (a terminal only). */
  readonly progress?: (label: string) => (total: number) => Progress;
}


function recipientCode(value: string | undefined): string {
  if (!value) throw new CliUsageError('--code is required: an insurer (6-digit 地方公共団体コード) or a prefecture (01–47)');
  if (isRecipientCode(value)) return value;
  throw new CliUsageError(`--code "${value}" is neither a prefecture code (01–47) nor a 6-digit local government code with a valid check digit`);
}

/** `timeline --fiscal-year FY2024 --code 242055 [--fields score,amount] [--as-of <point>] [--json]` */
export async function timelineCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: AuditIo): Promise<number> {
  const o = options(args, { 'fiscal-year': { type: 'string' }, code: { type: 'string' }, fields: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } });
  const fiscalYear = requireFiscalYear(str(o['fiscal-year']));
  const code = recipientCode(str(o.code));
  const fields = str(o.fields)?.split(',').map((f) => f.trim());
  const unknown = fields?.find((f) => !(TIMELINE_FIELDS as readonly string[]).includes(f));
  if (unknown !== undefined) throw new CliUsageError(`--fields: unknown family "${unknown}" (${TIMELINE_FIELDS.join(', ')})`);
  const until = str(o['as-of']) === undefined ? undefined : parsePoint('as-of', str(o['as-of'])!);
  const events = await readFiscalYear(databaseUrl(str(o['database-url']), env), fiscalYear, { until, progress: io.progress?.('読込中 / reading') });
  const { entries, view } = recipientTimeline(fiscalYear, code, events, { fields });
  if (o.json) {
    io.out(JSON.stringify({ fiscalYear, code, entries, current: view }, null, 2));
    return 0;
  }
  for (const e of entries) {
    io.out(`#${e.position} ${e.recordedAt}${e.recordedAt ? `（${formatJstWareki(e.recordedAt)}）` : ''} ${e.type} by ${e.actorId} (${e.actorRole}, ${e.organisationCode}) command ${e.commandId}${e.reason ? ` 理由/reason: ${e.reason}` : ''}`);
    for (const c of e.changes) io.out(`    ${c.field}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
  }
  io.out(`${fiscalYear} ${code}: ${entries.length} changes`);
  return 0;
}

/** `as-of --fiscal-year FY2024 --at <position|ISO time> [--code 242055]`: one recipient, or every amount in force then. */
export async function asOfCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: AuditIo): Promise<number> {
  const o = options(args, { 'fiscal-year': { type: 'string' }, at: { type: 'string' }, code: { type: 'string' } });
  const fiscalYear = requireFiscalYear(str(o['fiscal-year']));
  if (str(o.at) === undefined) throw new CliUsageError('--at is required: a global event position or an ISO 8601 time');
  const until = parsePoint('at', str(o.at)!);
  const code = str(o.code) === undefined ? undefined : recipientCode(str(o.code));
  const events = await readFiscalYear(databaseUrl(str(o['database-url']), env), fiscalYear, { until, progress: io.progress?.('読込中 / reading') });
  const history = historyAsOf(fiscalYear, events);
  io.out(`${fiscalYear} as of ${str(o.at)} (last event #${history.last?.position}): phase ${history.year.status === 'opened' ? history.year.phase : '—'}`);
  if (code !== undefined) {
    for (const [field, value] of Object.entries(recipientView(history, code))) io.out(`${field}\t${value}`);
    return 0;
  }
  const inForce = history.inForce();
  if (!inForce) {
    io.out('no calculation yet / 算定はまだありません');
    return 0;
  }
  io.out(`amounts in force: ${inForce.label}`);
  io.out(csvRecord(['交付金区分', '団体コード', '交付額（円）']));
  for (const pool of inForce.pools) for (const r of pool.recipients) io.out(csvRecord([pool.pool, r.code, r.amountYen]));
  return 0;
}

/** `diff --fiscal-year FY2024 [--from final] [--to in-force] [--all] [--csv]` */
export async function diffCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: AuditIo): Promise<number> {
  const o = options(args, { 'fiscal-year': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, all: { type: 'boolean' }, csv: { type: 'boolean' } });
  const fiscalYear = requireFiscalYear(str(o['fiscal-year']));
  const [from, to] = [str(o.from) ?? 'final', str(o.to) ?? 'in-force'];
  for (const [name, ref] of [['from', from], ['to', to]]) {
    if (!CALCULATION_REF.test(ref)) throw new CliUsageError(`--${name} is trial:<n>, final, recalculation:<n>, latest, in-force, @<position> or @<ISO time>, not "${ref}"`);
  }
  const events = await readFiscalYear(databaseUrl(str(o['database-url']), env), fiscalYear, { progress: io.progress?.('読込中 / reading') });
  const whole = historyAsOf(fiscalYear, events);
  const [a, b] = [resolveCalculation(from, fiscalYear, events, whole), resolveCalculation(to, fiscalYear, events, whole)];
  if (!a || !b) throw new CliNotFound(`no calculation ${!a ? from : to} in ${fiscalYear} / 該当する算定がありません`);
  const diff = diffCalculations(a, b, { all: o.all === true });
  if (o.csv) {
    for (const line of diffCsvLines(diff)) io.out(line);
    return 0;
  }
  io.out(`${fiscalYear}: ${a.label} (#${a.position}) → ${b.label} (#${b.position})`);
  for (const r of diff.rows) io.out(`${r.pool.padEnd(20)} ${r.code}  ${(r.fromYen ?? '—').padStart(15)} → ${(r.toYen ?? '—').padStart(15)}  ${signed(r.differenceYen).padStart(16)}`);
  for (const p of diff.pools) io.out(`${p.pool.padEnd(20)} total   ${p.fromYen.padStart(15)} → ${p.toYen.padStart(15)}  ${signed(p.differenceYen).padStart(16)}  (${p.changed} changed)`);
  return 0;
}

const signed = (yen: string) => (yen.startsWith('-') || yen === '0' ? yen : `+${yen}`);

/** `export` lives in export.command.ts; its callers import it from here as before. */
export { exportCommand } from './export.command';
