import { Role } from '../../apps/api/src/auth/actor';
import { issueToken } from '../../apps/api/src/auth/tokens';
import { DEV_JWT_SECRET } from '../../apps/api/src/config/app-config';

/** An `Authorization` header value for a test actor, signed with the secret test apps run with. */
export function bearer(role: Role, org: string, sub = `${role}-${org}`, ttlSeconds?: number): string {
  return `Bearer ${issueToken(DEV_JWT_SECRET, { sub, role, org }, ttlSeconds)}`;
}
