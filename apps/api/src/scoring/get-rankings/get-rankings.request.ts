import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';
import type { SizeBand } from '@grants/domain';

/** `?sizeBand=`: a 規模区分 from 1 to 5, or absent; anything else is a 400 naming `sizeBand`. */
@Injectable()
export class SizeBandPipe implements PipeTransform<unknown, SizeBand | undefined> {
  transform(value: unknown): SizeBand | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && /^[1-5]$/.test(value)) return Number(value) as SizeBand;
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'sizeBand は 1〜5 の規模区分です。', 'sizeBand must be a size band from 1 to 5.', 'sizeBand');
  }
}
