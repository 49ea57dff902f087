import { HttpException } from '@nestjs/common';
import { DomainError, parseRegisterCsv } from '@grants/domain';
import { FILE_PARSING_QUEUE, FILE_PARSING_THREADS, FileParsingPool } from './file-parsing.pool';

const register = '保険者番号,保険者名,第1号被保険者数\n242055,桑名市,"37,512"\n011002,札幌市,512000\n';

describe('FileParsingPool', () => {
  const pool = new FileParsingPool();
  afterAll(() => pool.onApplicationShutdown());

  it('reads a file in a thread to the same result as the parser in this one, moving a large file’s bytes', async () => {
    const bytes = Buffer.from(register);
    expect(await pool.run('register', { bytes, encoding: 'auto' })).toEqual(parseRegisterCsv(Buffer.from(register)));
    const large = Buffer.concat([Buffer.from(register), Buffer.alloc(64 * 1024, '242021,四日市市,80000\n')]);
    const refusal = await pool.run('register', { bytes: large, encoding: 'auto' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(large.length).toBe(0);
  }, 60_000);

  it('answers a refusal as the domain error it is, with its code and details', async () => {
    const error = await pool.run('register', { bytes: Buffer.from('保険者番号,保険者名\n242055,桑名市\n'), encoding: 'auto' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'CSV.INVALID', details: [{ line: 1, code: 'CSV.MISSING_COLUMN' }] });
  }, 60_000);

  it('refuses a file with 503 UPLOAD.BUSY when every thread is busy and the queue is full', async () => {
    const runs = Array.from({ length: FILE_PARSING_THREADS + FILE_PARSING_QUEUE + 1 }, () => pool.run('register', { bytes: Buffer.from(register), encoding: 'auto' }).then(() => 'read', (e: unknown) => e));
    const outcomes = await Promise.all(runs);
    const busy = outcomes.filter((o): o is HttpException => o instanceof HttpException);
    expect(busy.map((e) => [e.getStatus(), (e.getResponse() as { code: string }).code])).toEqual([[503, 'UPLOAD.BUSY']]);
    expect(outcomes.filter((o) => o === 'read')).toHaveLength(FILE_PARSING_THREADS + FILE_PARSING_QUEUE);
  }, 60_000);
});
