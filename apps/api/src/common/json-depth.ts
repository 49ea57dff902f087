import { BadRequestException } from '@nestjs/common';

/** Deeper than any request of this API needs (answers are 3 levels); class-transformer recurses per level. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, walked iteratively (a hostile body cannot overflow the stack here). */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Middleware after the JSON body parser: a body nested deeper than MAX_JSON_DEPTH is refused with 400
 * VALIDATION.TOO_DEEP before validation or any handler sees it.
 */
export function jsonDepthGuard(request: { body?: unknown }, _response: unknown, next: (error?: unknown) => void): void {
  if (request.body !== undefined && !Buffer.isBuffer(request.body) && jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) {
    next(
      new BadRequestException({
        code: 'VALIDATION.TOO_DEEP',
        message: `JSON の入れ子が深すぎます（上限 ${MAX_JSON_DEPTH} 段）。 The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      }),
    );
    return;
  }
  next();
}
