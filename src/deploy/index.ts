export * from './plan';
export * from './kubectl';
export * from './nodes';
export * from './run';
export * from './entry-points';
export * from './preflight';
export * from './data-node';
