import { ExpectedVersion } from './event-store';

/** Base of every error the store throws; `code` is stable and mapped to HTTP by the API's exception filter. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the version the command expected (optimistic concurrency). HTTP 412. */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** Actual version of the stream's last event; -1n when the stream does not exist. */
    readonly actual: bigint,
  ) {
    super(
      `ストリーム ${streamId} は他の操作で更新されています（期待: ${String(expected)}, 実際: ${actual < 0n ? 'なし' : actual}）。` +
        ` Stream ${streamId} was changed by someone else (expected ${String(expected)}, actual ${actual < 0n ? 'no stream' : actual}); reload and try again.`,
    );
  }
}

/** The same command id was used before for a different stream or different events. HTTP 409. */
export class CommandIdReused extends EventStoreError {
  readonly code = 'EVENT_STORE.COMMAND_ID_REUSED';
  constructor(
    readonly commandId: string,
    readonly streamId: string,
  ) {
    super(
      `コマンドID ${commandId} は別の内容で既に使用されています。 Command id ${commandId} was already used with different content; use a new id for a new command.`,
    );
  }
}

/** The caller passed something the store cannot accept (empty stream id, non-JSON data, …). HTTP 400. */
export class InvalidStoreInput extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_INPUT';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`入力が不正です（${field}）: ${detail}. Invalid ${field}: ${detail}`);
  }
}

/** The store cannot be reached or failed underneath. HTTP 503. */
export class EventStoreUnavailable extends EventStoreError {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`イベントストアに接続できません。 Event store unavailable: ${detail}`);
    if (options?.cause) (this as { cause?: unknown }).cause = options.cause;
  }
}
