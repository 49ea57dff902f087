import { BadRequestException, ConflictException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AllocationInvariantViolated, DomainError, InvalidAllocationInput } from '@grants/domain';
import { CommandIdReused, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '@grants/event-store';
import { httpCode, toErrorBody } from './http-exception.filter';

describe('toErrorBody', () => {
  it('maps a version conflict to 412 with the stream and versions', () => {
    const { body, unexpected } = toErrorBody(new WrongExpectedVersion('fiscal_year-FY2026', 3n, 5n));
    expect(body).toEqual({
      statusCode: 412,
      code: 'EVENT_STORE.WRONG_EXPECTED_VERSION',
      message: expect.stringContaining('fiscal_year-FY2026'),
      details: { streamId: 'fiscal_year-FY2026', expectedVersion: '3', actualVersion: '5' },
    });
    expect(unexpected).toBeUndefined();
  });

  it('maps a reused command id to 409', () => {
    expect(toErrorBody(new CommandIdReused('cmd-1', 's-1')).body).toMatchObject({
      statusCode: 409,
      code: 'EVENT_STORE.COMMAND_ID_REUSED',
      details: { commandId: 'cmd-1', streamId: 's-1' },
    });
  });

  it('maps invalid store input to 400', () => {
    expect(toErrorBody(new InvalidStoreInput('streamId', 'must not be empty')).body).toMatchObject({
      statusCode: 400,
      code: 'EVENT_STORE.INVALID_INPUT',
      details: { field: 'streamId' },
    });
  });

  it('maps an unavailable store to 503 and reports it as unexpected', () => {
    const error = new EventStoreUnavailable('connection refused');
    const mapped = toErrorBody(error);
    expect(mapped.body).toMatchObject({ statusCode: 503, code: 'EVENT_STORE.UNAVAILABLE' });
    expect(mapped.body).not.toHaveProperty('details');
    expect(mapped.unexpected).toBe(error);
  });

  it("keeps a route's own code, message, details and field errors", () => {
    const thrown = new ConflictException({ code: 'SCORING.ALREADY_SCORED', message: '採点済みです。 Already scored.', details: { score: 80 } });
    expect(toErrorBody(thrown).body).toEqual({
      statusCode: 409,
      code: 'SCORING.ALREADY_SCORED',
      message: '採点済みです。 Already scored.',
      details: { score: 80 },
    });
  });

  it("gives Nest's exceptions a code from their status and a bilingual message", () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /nope')).body).toEqual({
      statusCode: 404,
      code: 'HTTP.NOT_FOUND',
      message: '指定されたリソースが見つかりません。 Cannot GET /nope',
    });
    expect(toErrorBody(new PayloadTooLargeException()).body.code).toBe('HTTP.PAYLOAD_TOO_LARGE');
    expect(toErrorBody(new BadRequestException()).body.code).toBe('HTTP.BAD_REQUEST');
    expect(toErrorBody(new HttpException('teapot', 418)).body.code).toBe('HTTP.I_AM_A_TEAPOT');
  });

  it("maps body-parser's errors by status, and malformed JSON to its own code", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(toErrorBody(tooLarge).body).toMatchObject({ statusCode: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
    const malformed = Object.assign(new SyntaxError('Unexpected token'), { status: 400, expose: true, type: 'entity.parse.failed' });
    expect(toErrorBody(malformed).body).toMatchObject({ statusCode: 400, code: 'VALIDATION.MALFORMED_JSON' });
  });

  it.each([
    ['conflict', 409],
    ['not_found', 404],
    ['invalid', 400],
    ['forbidden', 403],
  ] as const)('maps a domain refusal of kind %s to %i with its code, field and details', (kind, statusCode) => {
    const refusal = Object.assign(new Error('締切を過ぎています。 The deadline has passed.'), {
      kind,
      code: 'SUBMISSION.DEADLINE_PASSED',
      field: 'answers',
      details: { dueAt: '2024-07-31T15:00:00.000Z' },
    });
    expect(toErrorBody(refusal)).toEqual({
      body: {
        statusCode,
        code: 'SUBMISSION.DEADLINE_PASSED',
        message: '締切を過ぎています。 The deadline has passed.',
        errors: [{ field: 'answers', messages: ['締切を過ぎています。 The deadline has passed.'] }],
        details: { dueAt: '2024-07-31T15:00:00.000Z' },
      },
    });
  });

  it('does not mistake an error with an unknown kind for a domain refusal', () => {
    const odd = Object.assign(new Error('x'), { kind: 'weird', code: 'X.Y' });
    expect(toErrorBody(odd).body).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
  });

  it('answers anything else with 500 INTERNAL and no trace of the error', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'secret')");
    const mapped = toErrorBody(error);
    expect(mapped.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'サーバー内部でエラーが発生しました。 Internal server error.' });
    expect(JSON.stringify(mapped.body)).not.toContain('secret');
    expect(mapped.unexpected).toBe(error);
  });

  it("maps the domain's own errors by their kind, and one without a kind (a bug) to 500 INTERNAL", () => {
    expect(toErrorBody(new DomainError('conflict', 'FISCAL_YEAR.ALREADY_OPEN', '既に開始済みです。', 'Already open.')).body).toEqual({
      statusCode: 409,
      code: 'FISCAL_YEAR.ALREADY_OPEN',
      message: '既に開始済みです。 Already open.',
    });
    expect(toErrorBody(new InvalidAllocationInput('unitYen', 'NON_POSITIVE_UNIT', '正の整数', 'must be positive')).body).toMatchObject({
      statusCode: 400,
      code: 'ALLOCATION.INVALID_INPUT',
      errors: [{ field: 'unitYen' }],
    });
    const bug = new AllocationInvariantViolated('SUM', 'placed 1 yen too many');
    expect(toErrorBody(bug)).toEqual({ body: { statusCode: 500, code: 'INTERNAL', message: 'サーバー内部でエラーが発生しました。 Internal server error.' }, unexpected: bug });
  });

  it('names statuses Nest has no name for by number', () => {
    expect(httpCode(599)).toBe('HTTP.599');
  });
});
