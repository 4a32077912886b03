export { Engine, type Explanation } from './engine';
export { loadIndexDeclaration, parseIndexDeclaration } from './index-declaration';
export type { IndexDeclaration, IndexKey, IndexSpec, EngineOptions } from './types';
export type { EngineErrorCode } from './errors';
export { observePlans, type PlanRecord } from './metrics';
