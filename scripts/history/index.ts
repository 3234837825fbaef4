export { readHistory, type ReadHistoryOptions } from './git-log.ts';
export {
  HistoryFold,
  isoSeconds,
  type ChangeEvent,
  type FolderTimes,
  type RepoHistory,
} from './fold.ts';
