import { ForbiddenException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@grants/domain';
import { CommandIdReused, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '@grants/event-store';
import { commandOutcome } from './command-bus.instrumentation';
import { bearerMatches } from './metrics.controller';

describe('commandOutcome (the outcome label of grants_commands_total)', () => {
  it('tells a first run from a retry answered from the first run', () => {
    expect(commandOutcome({ result: { version: 3n, events: [], idempotentReplay: false } })).toBe('accepted');
    expect(commandOutcome({ result: { version: 3n, events: [], idempotentReplay: true } })).toBe('idempotent_replay');
    // Results that are not a stream outcome (imports, reports) count as accepted.
    expect(commandOutcome({ result: undefined })).toBe('accepted');
    expect(commandOutcome({ result: { applied: 3 } })).toBe('accepted');
  });

  it('counts 409 and 412 as conflicts: the state, a reused command id, a stale If-Match', () => {
    expect(commandOutcome({ error: new DomainError('conflict', 'FISCAL_YEAR.ALREADY_OPEN', '既に', 'already') })).toBe('conflict');
    expect(commandOutcome({ error: new CommandIdReused('c-1', 'fiscal-year-FY2024') })).toBe('conflict');
    expect(commandOutcome({ error: new WrongExpectedVersion('fiscal-year-FY2024', 2n, 3n) })).toBe('conflict');
  });

  it('counts the other refusals the client caused as refused, and what the service failed at as error', () => {
    expect(commandOutcome({ error: new DomainError('invalid', 'ANSWER.INVALID', '不正', 'invalid') })).toBe('refused');
    expect(commandOutcome({ error: new DomainError('not_found', 'FISCAL_YEAR.NOT_FOUND', 'なし', 'none') })).toBe('refused');
    expect(commandOutcome({ error: new ForbiddenException() })).toBe('refused');
    expect(commandOutcome({ error: new PayloadTooLargeException() })).toBe('refused');
    expect(commandOutcome({ error: new InvalidStoreInput('data', 'not JSON') })).toBe('refused');
    expect(commandOutcome({ error: new EventStoreUnavailable('connect ECONNREFUSED') })).toBe('error');
    expect(commandOutcome({ error: new TypeError('x is undefined') })).toBe('error');
  });
});

describe('bearerMatches (the METRICS_TOKEN check)', () => {
  const token = 'metrics-token-of-at-least-32-characters-0001';
  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
  });
  it('refuses no header, another scheme, another token, a prefix of it, and trailing text', () => {
    for (const header of [undefined, '', token, `Basic ${token}`, `Bearer ${token.slice(0, -1)}`, `Bearer ${token}x`, `Bearer ${token} x`, `bearer  ${token}`]) {
      expect([header, bearerMatches(header, token)]).toEqual([header, false]);
    }
  });
});
