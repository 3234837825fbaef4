/**
 * Our own `_meta` entry (key from `config.metaKey`): what a reader of a static registry wants to
 * know that the official object has no field for. Never mixed into the official object.
 */
export interface OwnMeta {
  /** Repository-relative path of the server.json this record comes from. */
  path: string;
  /** The file in the repository at the commit that published it (a permanent link). */
  sourceUrl: string;
  /** The commit on the default branch that published this version (absent when not committed yet). */
  publishedCommit?: string;
  /** status.json beside it, when there is one. */
  statusPath?: string;
  statusSourceUrl?: string;
  /** The commit that last changed status.json. */
  statusCommit?: string;
  /** The folder's history on the default branch. */
  historyUrl: string;
  /** The build that wrote this document (see /v0.1/_build.json); set by the API writer. */
  buildId?: string;
}
