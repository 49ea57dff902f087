/** `EventStoreUnavailable: …connect ECONNREFUSED 10.0.0.5…` → `EventStoreUnavailable`. */
export function errorKind(error: string): string {
  const kind = /^[A-Za-z_$][\w$]*(?=:)/.exec(error)?.[0];
  return kind ?? 'Error';
}
