export * from './eventstoredb-event-store';
export * from './chain-seals';
export * from './chain-sealer';
export * from './verify-chain';
