import { errorKind } from './health.controller';

describe('errorKind (what /health/projections shows of a stalled batch)', () => {
  it("keeps the error's class and drops its text, which may name hosts or SQL", () => {
    expect(errorKind('EventStoreUnavailable: Event store unavailable: connect ECONNREFUSED 10.0.0.5:2113')).toBe('EventStoreUnavailable');
    expect(errorKind('QueryFailedError: relation "stream_catalog" does not exist')).toBe('QueryFailedError');
  });

  it('says only Error when the text has no class name in front', () => {
    expect(errorKind('connect ECONNREFUSED 10.0.0.5:5432')).toBe('Error');
  });
});
