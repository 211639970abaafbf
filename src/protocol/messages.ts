/**
 * The workers' protocol, the contract of src/protocol: requests and responses (schemas and the
 * types inferred from them), model files, what this browser stores, and how a value that fails
 * its schema is described. Values come from src/core and task metadata only.
 */
export * from '../core/boundary';
export * from './requests';
export * from './responses';
export * from './models';
export * from './stored';
export type { OracleEssCurve } from './payloads';
