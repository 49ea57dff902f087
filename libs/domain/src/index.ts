// Public surface of the pure domain library (no Nest, no I/O).
export * from './allocation';
