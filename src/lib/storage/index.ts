export * from './db';
export * from './secret-guard';
export * from './draft.repository';
export * from './vault';
export * from './audit.schema';
export * from './audit.repository';
export * from './target.repository';
