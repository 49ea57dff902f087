import { Transform } from 'class-transformer';
import { normaliseText, TextRules } from '@grants/domain';

/**
 * A name or reason in a request body: stored in NFC, and refused with 400 VALIDATION.FORBIDDEN_CHARACTERS naming the
 * field when it holds a control, bidirectional, zero-width or other invisible character (libs/domain text/safe-text.ts,
 * the rule the CSV imports apply too). `@SafeText() name: string`, `@SafeText({ lineBreaks: true }) reason: string`.
 */
export function SafeText(rules: TextRules = {}): PropertyDecorator {
  return Transform(({ value, key }: { value: unknown; key: string }) => (typeof value === 'string' ? normaliseText(value, key, rules) : value));
}
