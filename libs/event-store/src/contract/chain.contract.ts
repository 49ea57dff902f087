import { randomUUID } from 'node:crypto';
import { EventMetadata, EventStore, NewEvent, RecordedEvent } from '../event-store';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { ChainDigest, ChainVerification } from '../postgres/verify-chain';
import { readAllPages } from '../read-all-pages';

/** What an adapter's fixture gives the chain tests. */
export interface ChainFixture {
  /** Brings the chain up to the head: nothing to do on PostgreSQL (an append hashes its events); a sealer round on EventStoreDB. */
  readonly seal: () => Promise<void>;
  readonly verify: (options?: { expectedDigest?: ChainDigest }) => Promise<ChainVerification>;
  /**
   * Changes an event's stored content behind the store's back and returns what puts it back: only where a test can
   * (PostgreSQL as superuser, the fake EventStoreDB client); a real EventStoreDB server has no such call.
   */
  readonly alter?: (event: RecordedEvent) => Promise<() => Promise<void>>;
}

const meta = (): EventMetadata => ({ actorId: 'user-001', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: randomUUID() });
const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({ type, data: data as NewEvent['data'] });
const streamId = (label: string) => `contract_chain_${label}-${randomUUID().replace(/-/g, '')}`;

/** The chain recomputed from the store's own reads up to `upTo`: how many events, and the hash there. */
async function recompute(store: EventStore, upTo: bigint): Promise<{ checked: number; hash: string }> {
  let hash = GENESIS_HASH;
  let checked = 0;
  for await (const page of readAllPages(store)) {
    for (const e of page) {
      if (e.position > upTo) return { checked, hash };
      // PostgreSQL gives each event's format; EventStoreDB's chain is always format 2.
      hash = chainHash(hash, { ...e, hashVersion: e.hashVersion ?? 2 });
      checked += 1;
    }
  }
  return { checked, hash };
}

/**
 * The hash chain's promises, the same on both adapters: SHA-256(previous hash ‖ RFC 8785 envelope, format 2) over
 * every event from the start in commit order, verified by the adapter's verify in the ChainVerification shape that
 * the CLI's `verify` and GET /audit/chain report.
 */
export function describeChainContract(fixture: () => { store: EventStore; chain: ChainFixture }, options: { alterable: boolean }): void {
  describe('hash chain', () => {
    it('chains every event from the start in commit order, as anyone can recompute from the reads', async () => {
      const { store, chain } = fixture();
      await store.append(streamId('a'), [event('FiscalYearOpened', { fiscalYear: 'FY2024', poolYen: '19000000000' }), event('DeadlineSet')], { expectedVersion: 'no_stream', metadata: meta() });
      const { events } = await store.append(streamId('b'), [event('AnswerSaved', { note: '日本語 ✓', nested: { b: 1, a: [true, null] } })], { expectedVersion: 'no_stream', metadata: meta() });
      await chain.seal();
      const result = await chain.verify();
      expect(result).toMatchObject({ ok: true });
      expect(result.failure).toBeUndefined();
      expect(result.unsealed ?? 0).toBe(0);
      expect(result.head.position >= events[0].position).toBe(true);
      expect(await recompute(store, result.head.position)).toEqual({ checked: result.checked, hash: result.head.hash });
    });

    it('passes a digest saved earlier, and refuses another hash there or a digest past the end', async () => {
      const { store, chain } = fixture();
      const id = streamId('digest');
      await store.append(id, [event('A')], { expectedVersion: 'no_stream', metadata: meta() });
      await chain.seal();
      const saved = (await chain.verify()).head;
      await store.append(id, [event('B')], { expectedVersion: 0n, metadata: meta() });
      await chain.seal();
      expect(await chain.verify({ expectedDigest: saved })).toMatchObject({ ok: true });
      const forged = await chain.verify({ expectedDigest: { ...saved, hash: 'f'.repeat(64) } });
      expect(forged).toMatchObject({ ok: false, failure: { problem: 'digest_mismatch', position: saved.position } });
      const head = (await chain.verify()).head;
      const beyond = await chain.verify({ expectedDigest: { position: head.position + 1n, hash: head.hash } });
      expect(beyond).toMatchObject({ ok: false, failure: { problem: 'truncated', position: head.position + 1n } });
    });

    it('keeps one chain when sealers run at once', async () => {
      const { store, chain } = fixture();
      await Promise.all(Array.from({ length: 6 }, (_, i) => store.append(streamId(`race${i}`), [event('A', { i }), event('B', { i })], { expectedVersion: 'no_stream', metadata: meta() })));
      await Promise.all([chain.seal(), chain.seal(), chain.seal()]);
      const result = await chain.verify();
      expect(result).toMatchObject({ ok: true });
      expect(result.unsealed ?? 0).toBe(0);
    });

    if (options.alterable) {
      it('names the first event whose stored content changed, and verifies again once it is put back', async () => {
        const { store, chain } = fixture();
        const { events } = await store.append(streamId('alter'), [event('A'), event('B', { yen: '1000' }), event('C')], { expectedVersion: 'no_stream', metadata: meta() });
        await chain.seal();
        const restore = await (chain.alter as NonNullable<ChainFixture['alter']>)(events[1]);
        try {
          const result = await chain.verify();
          expect(result).toMatchObject({ ok: false, head: { position: events[0].position } });
          expect(result.failure).toMatchObject({ problem: 'altered', position: events[1].position, eventId: events[1].eventId });
        } finally {
          await restore();
        }
        expect(await chain.verify()).toMatchObject({ ok: true });
      });
    }
  });
}
