/**
 * The publish action's pure half: the released version (the input, else the tag without a leading `v`), the document
 * the registry receives (the author's server.json at that version, package versions that tracked the old one moved
 * along, formatted as `npm run new` formats files), its branch, and the pull request's title and body.
 */
import type { ServerJson } from '../core/types.ts';
import { md } from '../core/markdown.ts';
import { safeBranch } from '../github/branch.ts';
import { formatJson } from '../core/json/format.ts';
import { nextVersionDocument } from '../scaffold/new-version.ts';
import { SERVER_FILE, versionDir } from '../core/repo-path.ts';

export const PUBLISH_MARKER = '<!-- mcp-registry:publish -->';

/** `1.2.3` from the input, else from a tag name `v1.2.3` / `refs/tags/v1.2.3`; undefined when neither says. */
export function releaseVersion(input: string | undefined, refName: string | undefined): string | undefined {
  const given = input?.trim();
  if (given) return given;
  const tag = refName?.trim().replace(/^refs\/tags\//, '');
  if (!tag) return undefined;
  return /^v\d/.test(tag) ? tag.slice(1) : tag;
}

export interface Prepared {
  name: string;
  version: string;
  path: string;
  text: string;
  /** What the author may still have to do (an MCPB hash, a package version that did not move). */
  notes: string[];
}

export function prepareRelease(doc: ServerJson, version: string): Prepared {
  const { document, notes } = nextVersionDocument(doc, version);
  return {
    name: document.name,
    version,
    path: `${versionDir(document.name, version)}/${SERVER_FILE}`,
    text: formatJson(document),
    notes,
  };
}

/** One branch per server: a second release while the first PR is open joins it. */
export function publishBranch(name: string): string {
  return safeBranch('mcp-publish', name);
}

export function publishTitle(name: string, versions: readonly string[]): string {
  return `Publish ${name} ${versions.join(', ')}`;
}

export function publishBody(
  name: string,
  versions: readonly string[],
  o: { source?: string; notes?: readonly string[] } = {},
): string {
  const lines = [
    PUBLISH_MARKER,
    `Adds ${versions.map((v) => md(`${versionDir(name, v)}/`, 300)).join(', ')}, opened by the publish action (\`.github/actions/publish\`) with the server owner's token, so the gate's namespace proof is the author's own.`,
  ];
  if (o.source) lines.push('', `Released from ${md(o.source, 300)}.`);
  if (o.notes?.length) lines.push('', 'Notes from the action:', ...o.notes.map((n) => `- ${md(n, 500)}`));
  lines.push('', 'A later release of this server while this pull request is open adds its version here.');
  return lines.join('\n');
}
