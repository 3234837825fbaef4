/** Pure helpers for `npm run new`: the next version's document, or a minimal first one. */
import semver from 'semver';
import type { ServerJson } from '../core/types.ts';
import { isSemver } from '../core/latest.ts';
import { CURRENT_SCHEMA_URL } from '../schema/registry.ts';

/** The version to copy from: the highest semver, else the last folder name in text order. */
export function newestVersion(versions: readonly string[]): string | undefined {
  const sem = versions.filter(isSemver).sort(semver.compare);
  if (sem.length > 0) return sem.at(-1);
  return [...versions].sort().at(-1);
}

export interface NextVersion {
  document: ServerJson;
  /** Things the contributor must still check by hand (e.g. an MCPB hash). */
  notes: string[];
}

/**
 * Copy `previous` as version `version`: the document's version, and every package version that
 * tracked the old one (npm/pypi/nuget/cargo `version`, an OCI tag, an MCPB URL) moves along.
 */
export function nextVersionDocument(previous: ServerJson, version: string): NextVersion {
  const old = previous.version;
  const doc = structuredClone(previous);
  doc.version = version;
  if (!doc.$schema) doc.$schema = CURRENT_SCHEMA_URL;
  const notes: string[] = [];
  for (const pkg of Array.isArray(doc.packages) ? doc.packages : []) {
    if (typeof pkg !== 'object' || pkg === null) continue;
    if (typeof pkg.version === 'string' && pkg.version === old) pkg.version = version;
    if (pkg.registryType === 'oci' && typeof pkg.identifier === 'string' && pkg.identifier.endsWith(`:${old}`)) {
      pkg.identifier = `${pkg.identifier.slice(0, -old.length)}${version}`;
    }
    if (pkg.registryType === 'mcpb' && typeof pkg.identifier === 'string') {
      if (pkg.identifier.includes(old)) pkg.identifier = pkg.identifier.split(old).join(version);
      notes.push(`Update packages[].fileSha256 for ${pkg.identifier}: sha256sum <bundle>.mcpb`);
    }
    if (
      typeof pkg.version === 'string' &&
      pkg.version !== version &&
      ['npm', 'pypi', 'nuget', 'cargo'].includes(pkg.registryType)
    ) {
      notes.push(
        `The ${pkg.registryType} package ${pkg.identifier} stays at ${pkg.version}; change it if this release ships a new package version.`,
      );
    }
  }
  return { document: doc, notes };
}

/** A minimal valid document for a server not yet in the registry. */
export function firstDocument(name: string, version: string): ServerJson {
  const server = name.split('/')[1] ?? name;
  return {
    $schema: CURRENT_SCHEMA_URL,
    name,
    description: `Describe what ${server} does in one line (at most 100 characters).`.slice(0, 100),
    version,
  };
}
