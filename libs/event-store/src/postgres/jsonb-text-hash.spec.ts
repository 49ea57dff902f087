import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { canonicalJson, canonicalJsonText, chainHash, chainHashOfText, GENESIS_HASH } from '../hash-chain';
import { JsonObject } from '../json';

/**
 * Events recorded before the store kept their canonical bytes are verified from PostgreSQL's jsonb text
 * output (`chainHashOfText`, the verifier's read adapter). These properties hold that path to the definition: for any
 * JSON value that PostgreSQL accepts, the canonical form read from jsonb text, and the chain hash computed from the
 * text, are exactly those of the parsed value.
 */
describe('chain hashes from jsonb text (the verifier’s path)', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const noNul = (value: unknown) => !JSON.stringify(value).includes('\\u0000');
  const values = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'binary' }))),
    fc.constantFrom<unknown>({ a: 1e21, b: 1e-7, c: -0, d: 0.1 + 0.2, e: 123456789012345680000 }, { 'é': 'ü', '\u{1F600}': ['"\\\n\t', '/'] }, [1.5e300, -2.5e-300], { a: { b: { c: [] } } }),
  ).filter(noNul);

  it('gives RFC 8785 canonical JSON of the parsed value, whatever jsonb prints', async () => {
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        const { rows } = await pool.query<{ text: string; wrapped: string }>("SELECT $1::jsonb::text AS text, jsonb_build_object('v', $1::jsonb)::text AS wrapped", [
          JSON.stringify(value),
        ]);
        const text = rows[0].text;
        const expected = canonicalize(JSON.parse(text));
        expect(canonicalJsonText(text)).toBe(expected);
        expect(canonicalJson(JSON.parse(text))).toBe(expected);
        // And what the store hashed at append time (the value itself) is what verification finds.
        expect(expected).toBe(canonicalize(value));
        // The verifier's byte path, on the same value as an event's data, gives the hash of the value.
        const fields = { eventId: '00000000-0000-4000-8000-000000000002', position: 1n, streamId: 's-FY2024', streamVersion: 0n, type: 'T', schemaVersion: 1 };
        const metadata = { actorId: 'a', actorRole: 'insurer', organisationCode: '242055', commandId: 'c' };
        const recordedAt = new Date(Date.UTC(2025, 0, 1));
        const fromText = chainHashOfText(GENESIS_HASH, {
          ...fields,
          position: '1',
          streamVersion: '0',
          schemaVersion: '1',
          data: rows[0].wrapped,
          metadata: JSON.stringify(metadata),
          recordedAt: recordedAt.toISOString(),
        });
        expect(fromText).toBe(chainHash(GENESIS_HASH, { ...fields, data: { v: value } as JsonObject, metadata, recordedAt }));
      }),
      { numRuns: 400 },
    );
  });

  it('computes the same chain hash from the text as from the parsed event', async () => {
    const metadata = fc.record({
      actorId: fc.string({ minLength: 1, unit: 'binary' }),
      actorRole: fc.constantFrom('national-admin', 'prefecture', 'insurer'),
      organisationCode: fc.string({ minLength: 1 }),
      commandId: fc.uuid(),
      reason: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
    });
    const data = fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' })).filter(noNul);
    await fc.assert(
      fc.asyncProperty(data, metadata.filter(noNul), fc.bigInt({ min: 1n, max: 2n ** 62n }), fc.string({ minLength: 1, unit: 'binary' }).filter(noNul), async (d, m, position, streamId) => {
        const { rows } = await pool.query<{ data: string; metadata: string }>('SELECT $1::jsonb::text AS data, $2::jsonb::text AS metadata', [JSON.stringify(d), JSON.stringify(m)]);
        const recordedAt = new Date(Date.UTC(2025, 0, 1, 0, 0, 0, Number(position % 1000n)));
        const fields = { eventId: '00000000-0000-4000-8000-000000000001', position, streamId, streamVersion: position % 97n, type: 'AnswersSaved', schemaVersion: 2 };
        const fromValue = chainHash(GENESIS_HASH, { ...fields, data: d as JsonObject, metadata: m, recordedAt });
        const fromText = chainHashOfText(GENESIS_HASH, {
          ...fields,
          position: position.toString(),
          streamVersion: fields.streamVersion.toString(),
          schemaVersion: '2',
          data: rows[0].data,
          metadata: rows[0].metadata,
          recordedAt: recordedAt.toISOString(),
        });
        expect(fromText).toBe(fromValue);
      }),
      { numRuns: 300 },
    );
  });
});
