/**
 * Layers 1–4 over a whole tree held in memory: each document through bytes, schema and rules,
 * then the rules that need the tree (paths a checkout can write, path identity, case collisions,
 * the API's path plan (dist-plan.ts), stray files, status and owners files, version counts,
 * remote-URL ownership). Pure: the caller reads the files.
 */
import type { RegistryConfig } from '../config/config.ts';
import type { Finding, Problem } from '../core/problem.ts';
import type { Namespace, OwnersDoc, StatusDoc, VersionEntry } from '../core/types.ts';
import { ownValidator } from '../schema/registry.ts';
import { pointerToPath } from '../core/json/json-path.ts';
import {
  classifyPath,
  gitRefusedSegment,
  pathTooLong,
  unsafeVersionFolder,
  ALLOWED_LAYOUT,
  SERVER_FILE,
} from '../core/repo-path.ts';
import type { TreeFile } from '../tree/files.ts';
import { validateDocument, placeFindings } from './document.ts';
import { distPlanProblems } from './dist-plan.ts';
import { decodeJson, MAX_SMALL_JSON_BYTES } from './bytes.ts';
import { locate } from '../core/json/strict-json.ts';
import { RemoteIndex, remoteKey, remoteUrlsOf, type RemoteKey } from '../core/remote-url.ts';
import { codeUnitOrder } from '../core/compare.ts';

export const MAX_VERSIONS_PER_SERVER = 10_000;
export const MAX_STATUS_MESSAGE = 500;

export interface TreeResult {
  problems: Problem[];
  /** One per version folder that has a server.json, sorted by name then version folder. */
  entries: VersionEntry[];
  owners: Map<Namespace, { file: string; doc: OwnersDoc }>;
}

export function validateTree(files: readonly TreeFile[], config: RegistryConfig): TreeResult {
  const problems: Problem[] = [];
  const entries = new Map<string, VersionEntry>();
  const statuses = new Map<string, { file: string; doc?: StatusDoc }>();
  const owners = new Map<Namespace, { file: string; doc: OwnersDoc }>();
  const err = (file: string, rule: Problem['rule'], message: string, jsonPath = ''): void => {
    problems.push({ rule, severity: 'error', file, jsonPath, message });
  };

  for (const { path, bytes, issue } of files) {
    // What git cannot check out on Linux is refused before anything else reads the path.
    const checkout = checkoutProblem(path);
    if (checkout) {
      problems.push(checkout);
      continue;
    }
    const kind = classifyPath(path);
    if (issue?.kind === 'symlink') {
      err(path, 'tree-stray-file', `${path} is a symbolic link; commit the file itself. ${ALLOWED_LAYOUT}`);
      continue;
    }
    if (issue?.kind === 'unreadable') {
      err(path, 'file-unreadable', `${path} cannot be read (${issue.detail}); check its permissions.`);
      continue;
    }
    if (kind.kind === 'stray') {
      err(
        path,
        kind.reason.includes('wrong depth') ? 'path-layout' : 'tree-stray-file',
        `${path}: ${kind.reason}. ${ALLOWED_LAYOUT}`,
      );
      continue;
    }
    if (kind.kind === 'upstream-sync') {
      readSmallDoc(path, bytes, 'upstream-sync', problems);
      continue;
    }
    if (kind.kind === 'owners') {
      const doc = readSmallDoc(path, bytes, 'owners', problems);
      if (doc) owners.set(kind.namespace, { file: path, doc: doc as unknown as OwnersDoc });
      continue;
    }
    const unsafe = unsafeVersionFolder(kind.version);
    const dir = `${kind.namespace}/${kind.server}/${kind.version}`;
    if (unsafe) {
      err(
        path,
        'version-folder-unsafe',
        `The version folder "${kind.version}" is not safe as a folder or URL segment: ${unsafe}. Use the exact package version, e.g. 1.2.0.`,
      );
      continue;
    }
    if (kind.kind === 'signature') continue;
    if (kind.kind === 'status') {
      const doc = readSmallDoc(path, bytes, 'status', problems) as StatusDoc | undefined;
      statuses.set(dir, { file: path, doc });
      if (doc) problems.push(...placeFindings(statusRules(doc), path, new TextDecoder().decode(bytes)));
      continue;
    }
    const name = `${kind.namespace}/${kind.server}`;
    const result = validateDocument(bytes, path, config);
    problems.push(...result.problems);
    const entry: VersionEntry = { name, version: kind.version, file: path };
    if (result.document) {
      const doc = result.document as Record<string, unknown>;
      if (typeof doc.name === 'string' && doc.name !== name) {
        problems.push(
          ...placeFindings(
            [
              {
                rule: 'path-name-mismatch',
                jsonPath: '$.name',
                message: `name is "${doc.name}" but the file is in servers/${name}/; the folder path is the name. Move the file or fix the name.`,
              },
            ],
            path,
            result.text,
          ),
        );
      }
      if (typeof doc.version === 'string' && doc.version !== kind.version) {
        problems.push(
          ...placeFindings(
            [
              {
                rule: 'path-version-mismatch',
                jsonPath: '$.version',
                message: `version is "${doc.version}" but the folder is "${kind.version}"; they must be equal.`,
              },
            ],
            path,
            result.text,
          ),
        );
      }
      entry.document = result.document;
    }
    entries.set(dir, entry);
  }

  for (const [dir, status] of statuses) {
    const entry = entries.get(dir);
    if (!entry)
      err(
        status.file,
        'server-json-missing',
        `${status.file} has no ${SERVER_FILE} beside it; a status belongs to a published version.`,
      );
    else {
      entry.statusFile = status.file;
      if (status.doc) entry.status = status.doc;
    }
  }

  const sorted = [...entries.values()].sort(
    (a, b) => codeUnitOrder(a.name, b.name) || codeUnitOrder(a.version, b.version),
  );
  const treeProblems = [
    ...caseCollisions(sorted),
    ...distPlanProblems(sorted),
    ...versionCounts(sorted),
    ...remoteOwnership(sorted),
  ];
  problems.push(...withPositions(treeProblems, files));
  return { problems, entries: sorted, owners };
}

/**
 * Why a checkout of main could not write this repository path (path-too-long, path-git-refused), or undefined. The
 * tree asks for every path under servers/; the gate also asks for the PR's paths elsewhere.
 */
export function checkoutProblem(path: string): Problem | undefined {
  const tooLong = pathTooLong(path);
  if (tooLong)
    return {
      rule: 'path-too-long',
      severity: 'error',
      file: path,
      jsonPath: '',
      message: `This path cannot be checked out on Linux: ${tooLong}. Use a shorter name.`,
    };
  const refused = gitRefusedSegment(path);
  if (refused !== undefined)
    return {
      rule: 'path-git-refused',
      severity: 'error',
      file: path,
      jsonPath: '',
      message: `This path has a segment "${refused}" that git refuses to check out (it names git's own folder). Rename it.`,
    };
  return undefined;
}

/** Tree rules see parsed documents only; find their line and column in the few files concerned. */
function withPositions(problems: Problem[], files: readonly TreeFile[]): Problem[] {
  if (problems.length === 0) return problems;
  const wanted = new Set(problems.map((p) => p.file));
  const texts = new Map<string, string>();
  for (const f of files) if (wanted.has(f.path)) texts.set(f.path, new TextDecoder().decode(f.bytes));
  return problems.map((p) => {
    const text = texts.get(p.file);
    const at = text !== undefined && p.jsonPath ? locate(text, p.jsonPath) : undefined;
    return at ? { ...p, line: at.line, column: at.column } : p;
  });
}

function readSmallDoc(
  path: string,
  bytes: Uint8Array,
  schema: 'status' | 'owners' | 'upstream-sync',
  problems: Problem[],
): Record<string, unknown> | undefined {
  const decoded = decodeJson(bytes, path, MAX_SMALL_JSON_BYTES);
  if (decoded.value === undefined) {
    problems.push(...decoded.problems);
    return undefined;
  }
  const validate = ownValidator(schema);
  if (!validate(decoded.value)) {
    const rule = schema === 'status' ? 'status-schema' : schema === 'owners' ? 'owners-schema' : 'upstream-sync-schema';
    const findings = (validate.errors ?? []).map((e) => ({
      rule,
      jsonPath: pointerToPath(e.instancePath),
      message: `${e.instancePath ? pointerToPath(e.instancePath) : `${schema}.json`} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? `: ${(e.params.allowedValues as unknown[]).join(', ')}` : ''}${e.params && 'additionalProperty' in e.params ? ` ("${String(e.params.additionalProperty)}")` : ''}. See schemas/${schema}.schema.json.`,
    })) as Parameters<typeof placeFindings>[0];
    problems.push(...placeFindings(findings, path, decoded.text));
    return undefined;
  }
  return decoded.value as Record<string, unknown>;
}

function statusRules(doc: StatusDoc): Finding[] {
  const out: Finding[] = [];
  if (doc.status === 'active' && doc.message !== undefined) {
    out.push({
      rule: 'status-message-active',
      jsonPath: '$.message',
      message: 'An active version carries no status message; remove "message" (or delete status.json).',
    });
  }
  if (typeof doc.message === 'string' && [...doc.message].length > MAX_STATUS_MESSAGE) {
    out.push({
      rule: 'status-message-length',
      jsonPath: '$.message',
      message: `The status message is ${[...doc.message].length} characters; the limit is ${MAX_STATUS_MESSAGE}.`,
    });
  }
  return out;
}

/** Names (and versions of one server) that differ only by case would merge on a case-insensitive disk. */
function caseCollisions(entries: VersionEntry[]): Problem[] {
  const out: Problem[] = [];
  const names = new Map<string, Set<string>>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    if (!names.has(key)) names.set(key, new Set());
    names.get(key)!.add(e.name);
  }
  const reportedNames = new Set<string>();
  for (const e of entries) {
    const variants = names.get(e.name.toLowerCase())!;
    if (variants.size > 1 && !reportedNames.has(e.name)) {
      reportedNames.add(e.name);
      const others = [...variants].filter((v) => v !== e.name).sort();
      out.push({
        rule: 'name-case-collision',
        severity: 'error',
        file: e.file,
        jsonPath: '$.name',
        message: `"${e.name}" differs from ${others.map((o) => `"${o}"`).join(', ')} only by case; names are case-sensitive but must stay distinct on every disk. Use the existing spelling.`,
      });
    }
  }
  const versions = new Map<string, VersionEntry[]>();
  for (const e of entries) {
    const key = `${e.name}\u0000${e.version.toLowerCase()}`;
    if (!versions.has(key)) versions.set(key, []);
    versions.get(key)!.push(e);
  }
  for (const group of versions.values()) {
    if (group.length < 2) continue;
    for (const e of group) {
      const others = group.filter((o) => o !== e).map((o) => `"${o.version}"`);
      out.push({
        rule: 'name-case-collision',
        severity: 'error',
        file: e.file,
        jsonPath: '$.version',
        message: `Version "${e.version}" of ${e.name} differs from ${others.join(', ')} only by case; keep one spelling.`,
      });
    }
  }
  return out;
}

function versionCounts(entries: VersionEntry[]): Problem[] {
  const counts = new Map<string, VersionEntry[]>();
  for (const e of entries) {
    if (!counts.has(e.name)) counts.set(e.name, []);
    counts.get(e.name)!.push(e);
  }
  const out: Problem[] = [];
  for (const [name, list] of counts) {
    if (list.length > MAX_VERSIONS_PER_SERVER) {
      out.push({
        rule: 'versions-too-many',
        severity: 'error',
        file: `servers/${name}`,
        jsonPath: '',
        message: `${name} has ${list.length} versions; the limit is ${MAX_VERSIONS_PER_SERVER}. Publish a new server name or ask a maintainer.`,
      });
    }
  }
  return out;
}

/** One remote URL belongs to one server name, whatever its spelling (core/remote-url.ts); deleted versions still hold it. */
function remoteOwnership(entries: VersionEntry[]): Problem[] {
  const index = new RemoteIndex<{ name: string; templated: boolean }>();
  const uses: Array<{ key: RemoteKey; url: string; entry: VersionEntry; index: number }> = [];
  for (const entry of entries) {
    for (const { url, index: i } of remoteUrlsOf(entry.document)) {
      const key = remoteKey(url);
      if (!key) continue; // not a URL: remote-https says so
      index.add(key, { name: entry.name, templated: key.pieces.length > 1 });
      uses.push({ key, url, entry, index: i });
    }
  }
  const out: Problem[] = [];
  for (const u of uses) {
    const conflicts = index.matching(u.key).filter((o) => o.name !== u.entry.name);
    if (conflicts.length === 0) continue;
    const others = [...new Set(conflicts.map((o) => o.name))].sort(codeUnitOrder);
    const templated =
      u.key.pieces.length > 1 || conflicts.some((o) => o.templated)
        ? ' A {variable} in a URL can stand for any text, so a template claims every URL it can become.'
        : '';
    out.push({
      rule: 'remote-url-taken',
      severity: 'error',
      file: u.entry.file,
      jsonPath: `$.remotes[${u.index}].url`,
      message: `Remote url "${u.url}" is the endpoint ${u.key.text} (compared in canonical form), which ${others.join(', ')} also publish${others.length === 1 ? 'es' : ''}; one remote URL belongs to one server name (deleted versions count).${templated} Use your own endpoint URL.`,
    });
  }
  return out;
}
