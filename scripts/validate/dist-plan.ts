/**
 * The API's path plan, checked while validating: every dist/ path the build derives from the tree, planned by the
 * one URL layout the build writes with (core/url-layout.ts: every name and version spelling, the `.json` twins,
 * `index.html`, `latest`, the `%2F` name links, the lists and our own `_`-documents). Two documents wanting one
 * path (compared case-insensitively, as the tree's case rule does), one inside another's file, or a derived file
 * name over 255 bytes is a tree problem on the file that causes it, in `validate`, in the gate and in `build`
 * alike; the API writer's own refusal (api/outputs.ts) stays only as an assertion. Pure.
 *
 * The plan is a superset of any build's: `latest` is planned for every server, and every prefix is planned whether
 * or not the configuration serves /v0. A server's files all lie inside its folder, so each server is planned on its
 * own, beside one plan of the folders, links and lists above them.
 */
import type { Problem } from '../core/problem.ts';
import type { RuleId } from '../core/rule-ids.ts';
import type { VersionEntry } from '../core/types.ts';
import { MAX_NAME_BYTES, nameTooLong, preview } from '../core/repo-path.ts';
import {
  OWN,
  PREFIXES,
  describeDoc,
  ownEntries,
  paths,
  rootEntries,
  serverEntries,
  type ApiDoc,
} from '../core/url-layout.ts';

/** What a claim serves: a document of the layout, a server's whole folder, or one of our own documents. */
type PlanDoc = ApiDoc | { type: 'folder'; name: string } | { type: 'own'; what: string; folder: boolean };

/** One place a document wants under dist/. Every claim holds its path entirely: a file, or a folder or link. */
interface Claim {
  path: string;
  doc: PlanDoc;
}

/** Which repository file causes a claim, and where in it (looked up only for a problem). */
type Blame = (doc: PlanDoc) => { file: string; jsonPath: string } | undefined;

export function distPlanProblems(entries: readonly VersionEntry[]): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const top: Claim[] = [...rootEntries(PREFIXES)];
  for (const o of ownEntries()) top.push({ path: o.path, doc: { type: 'own', what: o.what, folder: o.folder } });
  const firstFile = new Map<string, string>();

  for (const versions of byServer(entries)) {
    const name = versions[0]!.name;
    firstFile.set(name, versions[0]!.file);
    const folder = paths.serverFolder(OWN, name);
    const within = `${folder}/`;
    top.push({ path: folder, doc: { type: 'folder', name } });
    const inside: Claim[] = [];
    for (const e of serverEntries(
      name,
      versions.map((v) => v.version),
      versions[0]!.version,
    )) {
      (e.path.startsWith(within) ? inside : top).push(e);
    }
    const blame: Blame = (doc) =>
      doc.type === 'version'
        ? { file: versions.find((v) => v.version === doc.version)!.file, jsonPath: '$.version' }
        : undefined;
    problems.push(...check(inside, within.length, blame, reported));
  }
  const blame: Blame = (doc) => {
    const file = doc.type === 'folder' || doc.type === 'name-spelling' ? firstFile.get(doc.name) : undefined;
    return file === undefined ? undefined : { file, jsonPath: '$.name' };
  };
  problems.push(...check(top, 0, blame, reported));
  return problems;
}

/** Entries grouped by exact name (they arrive sorted by name, then version). */
function byServer(entries: readonly VersionEntry[]): VersionEntry[][] {
  const out: VersionEntry[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last[0]!.name === e.name) last.push(e);
    else out.push([e]);
  }
  return out;
}

/**
 * Check one plan: claims on one path (ignoring case), claims inside another's path, and names over 255 bytes. Only
 * the part of each path from `from` on is looked at (a server's claims share its folder, checked in the top plan).
 */
function check(claims: readonly Claim[], from: number, blame: Blame, reported: Set<string>): Problem[] {
  const byKey = new Map<string, Claim[]>();
  const keys: string[] = [];
  for (const c of claims) {
    const key = c.path.slice(from).toLowerCase();
    keys.push(key);
    const list = byKey.get(key);
    if (list) list.push(c);
    else byKey.set(key, [c]);
  }
  const out: Problem[] = [];
  for (const list of byKey.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) out.push(...collision(list[i]!, list[j]!, false, blame, reported));
  }
  claims.forEach((c, n) => {
    const key = keys[n]!;
    let start = 0;
    for (let at = key.indexOf('/'); ; at = key.indexOf('/', at + 1)) {
      const end = at < 0 ? key.length : at;
      // No UTF-16 unit takes more than 3 bytes: a short segment needs no count.
      if ((end - start) * 3 > MAX_NAME_BYTES) {
        out.push(...tooLong(c, c.path.slice(from + start, from + end), blame, reported));
      }
      if (at < 0) break;
      for (const outer of byKey.get(key.slice(0, at)) ?? []) out.push(...collision(outer, c, true, blame, reported));
      start = at + 1;
    }
  });
  return out;
}

function collision(a: Claim, b: Claim, nested: boolean, blame: Blame, reported: Set<string>): Problem[] {
  const ia = identity(a.doc);
  const ib = identity(b.doc);
  if (ia === ib) return [];
  if (ia.toLowerCase() === ib.toLowerCase()) return []; // name-case-collision reports it
  const out: Problem[] = [];
  for (const c of culprits(a, b)) {
    const at = blame(c.doc);
    if (!at) continue;
    const other = c === a ? b : a;
    const key = `${at.file}\u0000${identity(other.doc)}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const what = nested
      ? `dist/${b.path} (for ${why(b.doc)}) inside dist/${a.path} (for ${why(a.doc)})`
      : a.path === b.path
        ? `dist/${a.path} for both ${why(c.doc)} and ${why(other.doc)}`
        : `dist/${c.path} (for ${why(c.doc)}) and dist/${other.path} (for ${why(other.doc)}), one file on a case-insensitive disk`;
    const fix =
      c.doc.type === 'version'
        ? 'Publish this version under another version string: the version folder name is also a file name of the API.'
        : 'Choose another server name: it is also a folder name of the API.';
    out.push(problem('dist-path-collision', at, `The API build would write ${what}. ${fix}`));
  }
  return out;
}

/**
 * Whose file to blame. A version colliding with a list, `latest` or a folder is the version's fault. Of two
 * versions, the longer one's: a derived name (the `.json` twin, the URL-encoded spelling) is always longer than the
 * version it comes from, so the longer version is the one spelled like another's derived name (`1.0.0.json` beside
 * `1.0.0`, `1.0.0%2Bb` beside `1.0.0+b`), whichever was merged first.
 */
function culprits(a: Claim, b: Claim): Claim[] {
  if (a.doc.type === 'version' && b.doc.type === 'version') {
    const la = Buffer.byteLength(a.doc.version);
    const lb = Buffer.byteLength(b.doc.version);
    return la === lb ? [a, b] : la > lb ? [a] : [b];
  }
  const versions = [a, b].filter((c) => c.doc.type === 'version');
  return versions.length ? versions : [a, b];
}

/** A derived file or folder name over 255 bytes: the write would fail with ENAMETOOLONG. One problem per file. */
function tooLong(c: Claim, segment: string, blame: Blame, reported: Set<string>): Problem[] {
  const at = nameTooLong(segment) ? blame(c.doc) : undefined;
  if (!at) return [];
  const key = `${at.file}\u0000too-long`;
  if (reported.has(key)) return [];
  reported.add(key);
  const bytes = Buffer.byteLength(segment, 'utf8');
  return [
    problem(
      'dist-name-too-long',
      at,
      `The API build would write a file or folder named "${preview(segment)}" (${bytes} bytes in UTF-8) for ${why(c.doc)}; a name is at most ${MAX_NAME_BYTES} bytes. A version is also written with a ".json" suffix and URL-encoded (each byte of a non-ASCII character or "+" becomes 3): use a shorter ${c.doc.type === 'version' ? 'version' : 'name'}.`,
    ),
  ];
}

/** Which document a claim serves: claims of one document never collide with each other. */
function identity(doc: PlanDoc): string {
  switch (doc.type) {
    case 'version':
      return `version:${doc.name}\u0000${doc.version}`;
    case 'own':
      return `own:${doc.what}`;
    case 'list':
    case 'prefix':
      return 'root';
    case 'folder':
    case 'name-spelling':
      return `server:${doc.name}`;
    default:
      return `${doc.type}:${doc.name}`;
  }
}

/** The document in words, for a message. */
function why(doc: PlanDoc): string {
  if (doc.type === 'own') return `${doc.what}${doc.folder ? ' (its whole folder)' : ''}`;
  if (doc.type === 'folder') return `the folder of ${doc.name}`;
  return describeDoc(doc.type === 'version' ? { ...doc, version: preview(doc.version) } : doc);
}

function problem(rule: RuleId, at: { file: string; jsonPath: string }, message: string): Problem {
  return { rule, severity: 'error', file: at.file, jsonPath: at.jsonPath, message };
}
