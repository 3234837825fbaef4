/** Domain types shared by every stage. */

/** `<namespace>/<server>`, e.g. `io.github.octocat/weather`. */
export type ServerName = string;
/** The part of a name before the slash, e.g. `io.github.octocat` or `com.example`. */
export type Namespace = string;

export type Status = 'active' | 'deprecated' | 'deleted';

/** `status.json` beside a server.json. */
export interface StatusDoc {
  status: Status;
  message?: string;
}

/**
 * The GitHub account an `io.github.<name>` namespace belongs to, by numeric id: logins and org names are freed on a
 * rename and anyone can register them again, the id never changes hands. `login` is for people to read.
 */
export interface NamespaceAccount {
  login: string;
  id: number;
  type: 'User' | 'Organization';
}

/** `servers/<namespace>/owners.json`: the namespace's recorded account and extra GitHub accounts allowed to publish. */
export interface OwnersDoc {
  /** io.github namespaces: recorded when the namespace is created (scripts/gate/identity.ts). */
  account?: NamespaceAccount;
  owners: Array<{ login: string; id: number; note?: string }>;
}

/** A server.json as published; only the fields the registry itself reads are typed. */
export interface ServerJson {
  $schema?: string;
  name: ServerName;
  version: string;
  description: string;
  title?: string;
  websiteUrl?: string;
  repository?: { url: string; source: string; id?: string; subfolder?: string };
  icons?: Array<{ src: string; mimeType?: string; sizes?: string[]; theme?: string }>;
  packages?: PackageJson[];
  remotes?: RemoteJson[];
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PackageJson {
  registryType: string;
  registryBaseUrl?: string;
  identifier: string;
  version?: string;
  fileSha256?: string;
  runtimeHint?: string;
  transport: { type: string; url?: string; headers?: KeyValueInput[] };
  runtimeArguments?: ArgumentJson[];
  packageArguments?: ArgumentJson[];
  environmentVariables?: KeyValueInput[];
  [key: string]: unknown;
}

export interface RemoteJson {
  type: string;
  url: string;
  headers?: KeyValueInput[];
  variables?: Record<string, InputJson>;
  [key: string]: unknown;
}

export interface InputJson {
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  value?: string;
  default?: string;
  choices?: string[];
  placeholder?: string;
  variables?: Record<string, InputJson>;
  [key: string]: unknown;
}

export interface KeyValueInput extends InputJson {
  name: string;
}

export interface ArgumentJson extends InputJson {
  type: 'positional' | 'named' | string;
  name?: string;
  valueHint?: string;
  isRepeated?: boolean;
}

/**
 * One version folder of the tree as read from disk (or from a git tree, or a PR):
 * the identity comes from the path, the content from the bytes.
 */
export interface VersionEntry {
  /** `<namespace>/<server>` from the path. */
  name: ServerName;
  /** The version folder name. */
  version: string;
  /** Repository-relative path of the server.json, e.g. `servers/com.example/weather/1.0.0/server.json`. */
  file: string;
  /** The raw bytes' text as committed (undefined when unreadable). */
  text?: string;
  /** The parsed document, present only when layer 1 passed. */
  document?: ServerJson;
  /** Repository-relative path of status.json when present. */
  statusFile?: string;
  status?: StatusDoc;
}

/** `_meta["io.modelcontextprotocol.registry/official"]`, exactly its six fields. */
export interface OfficialMeta {
  status: Status;
  statusChangedAt: string;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
export const PUBLISHER_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';

/** One `ServerResponse` of the official API. */
export interface ServerRecord {
  server: ServerJson;
  _meta: { [OFFICIAL_META_KEY]: OfficialMeta } & Record<string, unknown>;
}
