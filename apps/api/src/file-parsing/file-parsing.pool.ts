import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, OnApplicationShutdown, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { FileParserInput, FileParserName, FileParserOutput, refusalFrom } from './file-parsers';
import type { ParseReply, ParseRequest } from './file-parsing.worker';

/** Worker threads: one less than the cores (one core is left to the event loop), at least one, at most two. */
export const FILE_PARSING_THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** Files waiting for a thread; one more is 503 UPLOAD.BUSY (uploads are also limited per user and minute). */
export const FILE_PARSING_QUEUE = 16;
/** Longest a file may take to read, and the heap a thread may use for it; beyond either: 413 UPLOAD.TOO_COMPLEX. */
export const FILE_PARSING_TIMEOUT_MILLIS = 120_000;
export const FILE_PARSING_HEAP_MB = 1024;

interface Job {
  readonly request: ParseRequest;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer?: NodeJS.Timeout;
  timedOut?: boolean;
}

/**
 * Reads uploaded files (CSV decoding and parsing, XLSX) in a small pool of worker threads, so that a 20 MB file
 * never holds the event loop: other requests, `/health` among them, are answered while it is read. Threads start on
 * the first upload, are replaced when one dies (out of memory, timed out), and stop with the app.
 */
@Injectable()
export class FileParsingPool implements OnApplicationShutdown {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job | undefined>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  run<K extends FileParserName>(parser: K, input: FileParserInput<K>): Promise<FileParserOutput<K>> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.closed) return reject(busy());
      if (this.queue.length >= FILE_PARSING_QUEUE) return reject(busy());
      this.queue.push({ request: { id: (this.nextId += 1), parser, input }, resolve, reject });
      this.dispatch();
    }) as Promise<FileParserOutput<K>>;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(busy());
    await Promise.all([...this.running.keys()].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.running.size < FILE_PARSING_THREADS ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      job.timer = setTimeout(() => {
        job.timedOut = true;
        void worker.terminate();
      }, FILE_PARSING_TIMEOUT_MILLIS);
      post(worker, job.request);
    }
  }

  private spawn(): Worker {
    const worker = startWorker();
    worker.unref();
    this.running.set(worker, undefined);
    worker.on('message', (reply: ParseReply) => {
      const job = this.finish(worker);
      if (!job || job.request.id !== reply.id) return;
      if ('result' in reply) job.resolve(inThisRealm(reply.result));
      else if ('refusal' in reply) job.reject(refusalFrom(reply.refusal));
      else job.reject(new Error(`file parsing failed: ${reply.failure}`));
      this.idle.push(worker);
      this.dispatch();
    });
    let lastError: unknown;
    worker.on('error', (error) => (lastError = error));
    worker.on('exit', () => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      if (job) {
        clearTimeout(job.timer);
        const outOfMemory = (lastError as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        job.reject(job.timedOut || outOfMemory ? tooComplex() : new Error(`file parsing thread stopped: ${String(lastError ?? 'exit')}`));
      }
      if (!this.closed) this.dispatch();
    });
    return worker;
  }

  private finish(worker: Worker): Job | undefined {
    const job = this.running.get(worker);
    if (job) clearTimeout(job.timer);
    this.running.set(worker, undefined);
    return job;
  }
}

/**
 * Sends a file to a thread. Its bytes are moved, not copied, when they alone fill their memory (an upload of more
 * than a few kilobytes): a 20 MB copy on the event loop is what the threads are there to avoid. The caller's Buffer
 * is empty afterwards; the handlers read a file once.
 */
function post(worker: Worker, request: ParseRequest): void {
  const bytes = (request.input as { bytes?: unknown }).bytes;
  const movable = bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  if (movable) {
    try {
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
      return;
    } catch {
      // Memory Node shares between Buffers cannot be moved: copied below.
    }
  }
  worker.postMessage(request);
}

/**
 * The worker script next to this file: compiled JavaScript in a build; under ts-node or Jest (TypeScript sources),
 * a thread that registers ts-node and the tsconfig paths first.
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: FILE_PARSING_HEAP_MB } };
  const script = join(__dirname, `file-parsing.worker${extname(__filename)}`);
  if (extname(__filename) !== '.ts') return new Worker(script, options);
  const root = join(__dirname, '..', '..', '..', '..');
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    require(require.resolve('ts-node', { paths: [workerData.root] })).register({ transpileOnly: true, project: workerData.project });
    const paths = require(require.resolve('tsconfig-paths', { paths: [workerData.root] }));
    const config = paths.loadConfig(workerData.project);
    paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
    require(workerData.script);`;
  return new Worker(bootstrap, { ...options, eval: true, workerData: { root, script, project: join(root, 'tsconfig.json') } });
}

/**
 * Values cloned from a thread carry the prototypes of Node's main realm. Code run in a realm of its own (Jest runs
 * each test file in one) would see them as foreign objects, which the event store refuses as not plain JSON, so
 * there they are rebuilt with this realm's constructors. In a plain process the realm is the same and nothing is copied.
 */
function inThisRealm(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === Array.prototype || prototype === Map.prototype) return value;
  return rebuilt(value);
}

function rebuilt(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(rebuilt);
  if (value instanceof Map || Object.prototype.toString.call(value) === '[object Map]') {
    return new Map([...(value as Map<unknown, unknown>)].map(([k, v]) => [rebuilt(k), rebuilt(v)]));
  }
  if (Object.prototype.toString.call(value) === '[object Set]') return new Set([...(value as Set<unknown>)].map(rebuilt));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebuilt(v)]));
}

function busy(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'UPLOAD.BUSY',
    message: 'ファイルの読み込みが混み合っています。しばらくしてから再度送信してください。何も保存していません。 Too many files are being read; send it again shortly. Nothing was stored.',
  });
}

function tooComplex(): PayloadTooLargeException {
  return new PayloadTooLargeException({
    code: 'UPLOAD.TOO_COMPLEX',
    message: `ファイルの読み込みが上限（${FILE_PARSING_TIMEOUT_MILLIS / 1000} 秒、${FILE_PARSING_HEAP_MB} MB）を超えました。何も保存していません。 Reading the file took more than ${FILE_PARSING_TIMEOUT_MILLIS / 1000} s or ${FILE_PARSING_HEAP_MB} MB. Nothing was stored.`,
  });
}
