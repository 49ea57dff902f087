// Public surface of the pure domain library (no Nest, no I/O).
export * from './allocation';
export * from './framework/framework';
export * from './framework/framework.errors';
export * from './framework/parse-framework';
export * from './framework/shipped-frameworks';
export * from './recipients/local-government-code';
export * from './recipients/prefectures';
export * from './scoring/answer-points';
export * from './scoring/percentile-bands';
export * from './scoring/ranking';
export * from './scoring/score-rate';
export * from './scoring/score-insurer';
export * from './scoring/score-nation';
export * from './scoring/score-table';
export * from './scoring/scoring.errors';
