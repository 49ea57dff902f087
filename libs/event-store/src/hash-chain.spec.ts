import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalEvent, chainHash, chainHashOfText, GENESIS_HASH, HashedEventFields, isoMicros } from './hash-chain';
import { JsonObject } from './json';

const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonObject[string]>;
const event: fc.Arbitrary<HashedEventFields> = fc.record({
  eventId: fc.uuid(),
  position: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
  streamId: fc.string({ minLength: 1 }),
  streamVersion: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  type: fc.string({ minLength: 1 }),
  schemaVersion: fc.integer({ min: 1, max: 999 }),
  data: fc.dictionary(fc.string(), json) as fc.Arbitrary<JsonObject>,
  metadata: fc.record({
    actorId: fc.string({ minLength: 1 }),
    actorRole: fc.constantFrom('national-admin', 'prefecture', 'insurer'),
    organisationCode: fc.string({ minLength: 1 }),
    commandId: fc.uuid(),
    reason: fc.option(fc.string(), { nil: undefined }),
  }),
  recordedAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
});

describe('canonical event form', () => {
  it('is exactly RFC 8785 canonical JSON of the whole event envelope', () => {
    fc.assert(
      fc.property(event, (e) => {
        const whole = canonicalize({
          ...e,
          position: e.position.toString(),
          streamVersion: e.streamVersion.toString(),
          recordedAt: e.recordedAt.toISOString(),
        });
        expect(canonicalEvent(e)).toBe(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('in format 2 is RFC 8785 JSON of the envelope with the command id, the format and the time to the microsecond', () => {
    fc.assert(
      fc.property(event, (e) => {
        const v2 = { ...e, hashVersion: 2 };
        const whole = canonicalize({
          ...e,
          commandId: e.metadata.commandId,
          hashVersion: 2,
          position: e.position.toString(),
          streamVersion: e.streamVersion.toString(),
          recordedAt: isoMicros(e.recordedAt),
        });
        expect(canonicalEvent(v2)).toBe(whole);
        const asText = {
          hashVersion: 2,
          commandId: e.metadata.commandId,
          eventId: e.eventId,
          position: e.position.toString(),
          streamId: e.streamId,
          streamVersion: e.streamVersion.toString(),
          type: e.type,
          schemaVersion: String(e.schemaVersion),
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
          recordedAt: isoMicros(e.recordedAt),
        };
        expect(chainHashOfText(GENESIS_HASH, asText)).toBe(chainHash(GENESIS_HASH, v2));
        expect(chainHash(GENESIS_HASH, v2)).not.toBe(chainHash(GENESIS_HASH, e));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the key order of data and metadata', () => {
    fc.assert(
      fc.property(event, (e) => {
        const reversed = { ...e, data: Object.fromEntries(Object.entries(e.data).reverse()) };
        expect(chainHash(GENESIS_HASH, reversed)).toBe(chainHash(GENESIS_HASH, e));
      }),
      { numRuns: 200 },
    );
  });

  it('matches a hash an auditor can recompute by hand (fixed vector)', () => {
    const fixed: HashedEventFields = {
      eventId: '00000000-0000-4000-8000-000000000001',
      position: 1n,
      streamId: 'fiscal_year-FY2024',
      streamVersion: 0n,
      type: 'FiscalYearOpened',
      schemaVersion: 1,
      data: { fiscalYear: 'FY2024', poolYen: '19000000000' },
      metadata: { actorId: 'admin-1', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: 'c-1' },
      recordedAt: new Date('2024-04-01T00:00:00.000Z'),
    };
    expect(canonicalEvent(fixed)).toBe(
      '{"data":{"fiscalYear":"FY2024","poolYen":"19000000000"},"eventId":"00000000-0000-4000-8000-000000000001",' +
        '"metadata":{"actorId":"admin-1","actorRole":"national-admin","commandId":"c-1","organisationCode":"MHLW"},' +
        '"position":"1","recordedAt":"2024-04-01T00:00:00.000Z","schemaVersion":1,"streamId":"fiscal_year-FY2024",' +
        '"streamVersion":"0","type":"FiscalYearOpened"}',
    );
    // sha256("0"*64 + canonical), computed independently with Python's hashlib.
    expect(chainHash(GENESIS_HASH, fixed)).toBe(EXPECTED_FIXED_HASH);
  });

  it('in format 2 matches a hash an auditor can recompute by hand (fixed vector)', () => {
    const fixed: HashedEventFields = {
      eventId: '00000000-0000-4000-8000-000000000001',
      position: 1n,
      streamId: 'fiscal_year-FY2024',
      streamVersion: 0n,
      type: 'FiscalYearOpened',
      schemaVersion: 1,
      data: { fiscalYear: 'FY2024', poolYen: '19000000000' },
      metadata: { actorId: 'admin-1', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: 'c-1' },
      recordedAt: new Date('2024-04-01T00:00:00.000Z'),
      hashVersion: 2,
    };
    expect(canonicalEvent(fixed)).toBe(
      '{"commandId":"c-1","data":{"fiscalYear":"FY2024","poolYen":"19000000000"},"eventId":"00000000-0000-4000-8000-000000000001",' +
        '"hashVersion":2,"metadata":{"actorId":"admin-1","actorRole":"national-admin","commandId":"c-1","organisationCode":"MHLW"},' +
        '"position":"1","recordedAt":"2024-04-01T00:00:00.000000Z","schemaVersion":1,"streamId":"fiscal_year-FY2024",' +
        '"streamVersion":"0","type":"FiscalYearOpened"}',
    );
    // sha256("0"*64 + canonical), computed independently with Python's hashlib.
    expect(chainHash(GENESIS_HASH, fixed)).toBe('fd901334edd593e529f6a961f2d5f0986ba9df5c6b1409a503b2f237672b2bf2');
    expect(() => canonicalEvent({ ...fixed, hashVersion: 3 })).toThrow(/unknown hash version 3/);
  });
});

const EXPECTED_FIXED_HASH = '0b3923d87efccd8accc865c2705f7fe3ea6c24ee8683388ead273eb2ebb892c7';
