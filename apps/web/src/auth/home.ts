import type { Role } from '../api/types';

/** Where each role starts its day. */
export function homeOf(role: Role): string {
  if (role === 'prefecture') return '/app/prefecture';
  if (role === 'insurer') return '/app/insurer';
  if (role === 'auditor') return '/app/audit';
  if (role === 'national-reviewer') return '/app/review';
  return '/app/national';
}
