export * from './codes';
export * from './steps';
export * from './fields.schema';
export * from './scopes';
export * from './provider-record.schema';
export * from './probe.schema';
export * from './draft.schema';
export * from './credential';
