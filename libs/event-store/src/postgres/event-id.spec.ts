import fc from 'fast-check';
import { createEventIdGenerator, newEventId } from './event-id';

/** RFC 9562: version 7 in the 13th hex digit, variant 10 in the 17th. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit millisecond time and the 12-bit counter (`rand_a`) of an id. */
const timeOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
const counterOf = (id: string) => parseInt(id.slice(15, 18), 16);

/** A clock that gives the times listed, then keeps giving the last one. */
const clockOf = (times: readonly number[]) => {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)];
};

describe('event ids (UUIDv7)', () => {
  it('are version 7, variant 10, lower-case hex, and carry the clock’s millisecond', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after);
  });

  it('are strictly increasing and all different within a process, many per millisecond', () => {
    const ids = Array.from({ length: 100_000 }, () => newEventId());
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('spread their random bits evenly (the variant digit takes 8, 9, a and b about equally often)', () => {
    const ids = Array.from({ length: 40_000 }, () => newEventId());
    for (const digit of ['8', '9', 'a', 'b']) {
      const share = ids.filter((id) => id[19] === digit).length / ids.length;
      expect(share).toBeGreaterThan(0.22);
      expect(share).toBeLessThan(0.28);
    }
    const last = ids.map((id) => id[35]);
    expect(new Set(last).size).toBe(16);
  });

  it('stay well-formed and strictly increasing whatever the clock does (standing still, jumping, going backwards)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 5000 }), (times, extra) => {
        const next = createEventIdGenerator(clockOf(times));
        const ids = Array.from({ length: times.length + extra }, () => next());
        expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
        expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
        // Never behind the latest time the clock gave.
        expect(timeOf(ids[ids.length - 1])).toBeGreaterThanOrEqual(Math.max(...times));
      }),
      { numRuns: 200 },
    );
  });

  it('start each millisecond’s counter below 2048, and move to the next millisecond when 4096 are spent', () => {
    const next = createEventIdGenerator(() => 1_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    const firstOfEach = ids.filter((id, i) => i === 0 || timeOf(id) !== timeOf(ids[i - 1]));
    expect(firstOfEach.length).toBeGreaterThanOrEqual(3);
    firstOfEach.forEach((id) => expect(counterOf(id)).toBeLessThan(2048));
    expect(timeOf(ids[0])).toBe(1_000);
    expect(timeOf(ids[ids.length - 1])).toBeLessThanOrEqual(1_000 + Math.ceil(10_000 / 2048));
  });

  it('keep counting on the last time when the clock goes back, then follow the clock again once it passes', () => {
    const next = createEventIdGenerator(clockOf([5_000, 4_000, 4_500, 6_000]));
    const [a, b, c, d] = [next(), next(), next(), next()];
    expect([a, b, c].map(timeOf)).toEqual([5_000, 5_000, 5_000]);
    expect(counterOf(b)).toBe(counterOf(a) + 1);
    expect(counterOf(c)).toBe(counterOf(a) + 2);
    expect(timeOf(d)).toBe(6_000);
  });
});
