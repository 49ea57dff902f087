import { commandOutcome, markAudited, refusalOutcome, requestFields, wasAudited } from './audit-log';

describe('the audit log lines', () => {
  it('names how a command ended from its status and whether it was a replay', () => {
    expect(commandOutcome(201)).toBe('accepted');
    expect(commandOutcome(200, true)).toBe('idempotent_replay');
    expect(commandOutcome(409)).toBe('conflict');
    expect(commandOutcome(412)).toBe('conflict');
    expect(commandOutcome(400)).toBe('refused');
    expect(commandOutcome(404)).toBe('refused');
    expect(commandOutcome(503)).toBe('failed');
  });

  it('names refusals: 401 unauthenticated, 403 forbidden, conflicts, the rest refused', () => {
    expect([401, 403, 409, 412, 400, 429].map(refusalOutcome)).toEqual(['unauthenticated', 'forbidden', 'conflict', 'conflict', 'refused', 'refused']);
  });

  it('reads only who, the route template, the method and the request id from a request', () => {
    const request = {
      method: 'POST',
      id: 'req-1',
      url: '/fiscal-years/FY2024/submissions/242055/return?access_token=secret',
      route: { path: '/fiscal-years/:fiscalYear/submissions/:insurerCode/return' },
      headers: { authorization: 'Bearer secret' },
      body: { reason: 'personal text' },
      actor: { actorId: 'mie-tanaka', issuer: 'https://idp.example', role: 'prefecture', organisationCode: '24', prefectureCode: '24' },
    };
    expect(requestFields(request)).toEqual({
      method: 'POST',
      route: '/fiscal-years/:fiscalYear/submissions/:insurerCode/return',
      requestId: 'req-1',
      actor: { sub: 'mie-tanaka', issuer: 'https://idp.example' },
      role: 'prefecture',
      organisation: '24',
    });
    expect(requestFields({ method: 'GET' })).toEqual({ method: 'GET', route: null, requestId: null, actor: null, role: null, organisation: null });
  });

  it('remembers which errors already have their line', () => {
    const error = new Error('x');
    expect(wasAudited(error)).toBe(false);
    markAudited(error);
    expect(wasAudited(error)).toBe(true);
    expect(wasAudited('a string')).toBe(false);
  });
});
