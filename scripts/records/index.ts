export { buildRecords, newestFirst, candidate, type RecordsResult } from './build-records.ts';
export type { OwnMeta } from './own-meta.ts';
