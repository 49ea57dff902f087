import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';

export type StatisticsLevel = 'municipal' | 'prefectural';

/** `?level=`: municipal (the default) or prefectural; anything else is a 400 naming `level`. */
@Injectable()
export class StatisticsLevelPipe implements PipeTransform<unknown, StatisticsLevel> {
  transform(value: unknown): StatisticsLevel {
    if (value === undefined || value === 'municipal' || value === 'prefectural') return value ?? 'municipal';
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'level は municipal か prefectural です。', 'level must be municipal or prefectural.', 'level');
  }
}
