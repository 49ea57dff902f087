import { randomFillSync } from 'node:crypto';

/**
 * Event ids: RFC 9562 UUIDv7, time-ordered, so that the `event_id` unique index grows at its right edge like the
 * position index. With random (v4) ids every insert landed on a random leaf page of an index that outgrows the cache
 * (a page read, splits all over it, and a full-page image in the WAL for each page touched first after a checkpoint).
 *
 * Layout (RFC 9562 §5.7, with the dedicated counter of §6.2 method 1): 48-bit Unix time in milliseconds, version 7,
 * a 12-bit counter in `rand_a`, variant 10, 62 random bits. Within this process the ids are strictly increasing: an id
 * made in the same millisecond as the one before takes the next counter value; a new millisecond starts the counter
 * at a random value below 2048, so at least 2048 ids fit in every millisecond before it runs out; when it does, or
 * when the clock goes backwards, the generator keeps counting on the last time it used (moving that time one
 * millisecond ahead when the counter is spent) until the clock passes it again. Across processes the ids stay unique
 * by their random bits, and only roughly ordered, which is all the index needs.
 *
 * Event ids remain opaque strings everywhere: nothing reads the time back out of them, and events recorded before,
 * or imported, keep their ids whatever their version.
 */
export function createEventIdGenerator(clock: () => number = Date.now): () => string {
  let lastMillis = -1;
  let counter = 0;
  return () => {
    const now = clock();
    if (now > lastMillis) {
      lastMillis = now;
      counter = randomByte() | ((randomByte() & 0x07) << 8);
    } else if (counter < 0xfff) {
      counter += 1;
    } else {
      lastMillis += 1;
      counter = randomByte() | ((randomByte() & 0x07) << 8);
    }
    const time = lastMillis.toString(16).padStart(12, '0');
    return (
      `${time.slice(0, 8)}-${time.slice(8)}-7${HEX[counter >> 8][1]}${HEX[counter & 0xff]}-` +
      `${HEX[0x80 | (randomByte() & 0x3f)]}${HEX[randomByte()]}-` +
      `${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}${HEX[randomByte()]}`
    );
  };
}

/** The store's generator: one per process, so the ids it makes are strictly increasing. */
export const newEventId: () => string = createEventIdGenerator();

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Random bytes drawn from the CSPRNG a few kilobytes at a time (one call per ~400 ids instead of one per id). */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const byte = pool[poolOffset];
  poolOffset += 1;
  return byte;
}
