import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GrantId } from '@grants/domain';
import { CliUsageError } from './cli-errors';

export type Level = 'municipal' | 'prefectural';
export type PerGrant<T> = Readonly<Record<GrantId, T>>;

/** A recipient as `calculate` reads it, from the JSON input or the recipients CSV. */
export interface Recipient {
  readonly level: Level;
  readonly code: string;
  readonly name?: string;
  readonly scores?: PerGrant<number>;
  readonly category1InsuredPersons?: number;
  readonly weights?: PerGrant<number>;
  readonly requestedYen?: PerGrant<bigint>;
  readonly previousAmountYen?: PerGrant<bigint>;
}

export const CODE: Readonly<Record<Level, RegExp>> = { municipal: /^\d{6}$/, prefectural: /^\d{2}$/ };

/** Weights or scores, never both; 第1号被保険者数 with a municipal score only. */
export function shapeProblem(r: Recipient): { field: string; ja: string; en: string } | undefined {
  if (r.scores && r.weights) return { field: 'weights', ja: 'weights と scores のどちらか一方を書きます', en: 'give weights or scores, not both' };
  if (!r.scores && !r.weights) return { field: 'scores', ja: 'weights か scores が必要です', en: 'weights or scores are required' };
  if (r.level === 'prefectural' && r.category1InsuredPersons !== undefined) {
    return { field: 'category1InsuredPersons', ja: '都道府県のウェイトは得点のみです（第1号被保険者数は書きません）', en: "a prefecture's weight is its score alone" };
  }
  if (r.level === 'municipal' && r.scores && r.category1InsuredPersons === undefined) {
    return { field: 'category1InsuredPersons', ja: '得点には第1号被保険者数が必要です', en: 'a score needs category1InsuredPersons' };
  }
  if (r.weights && r.category1InsuredPersons !== undefined) {
    return { field: 'category1InsuredPersons', ja: 'ウェイトを直接書くときは第1号被保険者数を書きません', en: 'with weights given, category1InsuredPersons is not used' };
  }
  return undefined;
}

export function readBytes(path: string, cwd: string): Buffer {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new CliUsageError(`${path}: ファイルがありません / no such file`);
  try {
    return readFileSync(full);
  } catch (error) {
    throw new CliUsageError(`${path}: 読めません / cannot read (${(error as Error).message})`);
  }
}
