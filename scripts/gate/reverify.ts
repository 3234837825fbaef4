/**
 * The scheduled re-verification: every server's latest version (deleted ones skipped) goes through the same
 * artifact checks and domain proofs as a PR, and what broke is listed in ONE issue, opened or updated in place.
 * It never changes the tree: a maintainer decides what to do (deprecate with status.json, contact the owner…).
 */
import type { RegistryConfig } from '../config/config.ts';
import { pickLatest } from '../core/latest.ts';
import type { VersionEntry } from '../core/types.ts';
import { verifyArtifacts } from '../artifacts/index.ts';
import type { Proof } from '../core/proof.ts';
import { verifyDomainNamespace } from '../proofs/domain.ts';
import type { FetchContext } from '../net/context.ts';
import { readTreeFiles } from '../tree/files.ts';
import { validateTree } from '../validate/tree.ts';
import { codeBlock, md } from '../core/markdown.ts';
import { createLabel } from './act.ts';
import { type GitHub, splitRepo } from '../github/client.ts';
import { signaturePathFor } from './paths.ts';
import { codeUnitOrder } from '../core/compare.ts';

export const REVERIFY_LABEL = 'registry: re-verify';
/** Created with the issue's first opening (as the gate creates its own labels), not left grey by GitHub. */
const REVERIFY_LABEL_STYLE = {
  color: 'c5def5',
  description: 'The scheduled re-verification of every latest version lists what broke.',
};
export const REVERIFY_MARKER = '<!-- mcp-registry-gate:reverify -->';
const MAX_ROWS = 500;

export interface Broken {
  name: string;
  version: string;
  file: string;
  proof: Proof;
}

export interface ReverifyResult {
  checked: number;
  broken: Broken[];
}

function latestEntries(entries: VersionEntry[]): VersionEntry[] {
  const byName = new Map<string, VersionEntry[]>();
  for (const e of entries)
    if (e.document && e.status?.status !== 'deleted') byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const out: VersionEntry[] = [];
  for (const list of byName.values()) {
    const v = pickLatest(
      list.map((e) => ({ version: e.version, publishedAt: '', status: e.status?.status ?? 'active' })),
    );
    const e = list.find((x) => x.version === v);
    if (e) out.push(e);
  }
  return out.sort((a, b) => codeUnitOrder(a.name, b.name));
}

export async function reverify(root: string, config: RegistryConfig, fetch: FetchContext): Promise<ReverifyResult> {
  const files = await readTreeFiles(root);
  const bytesOf = new Map(files.map((f) => [f.path, f.bytes]));
  const tree = validateTree(files, config);
  const latest = latestEntries(tree.entries);
  const broken: Broken[] = [];
  await Promise.all(
    latest.map(async (e) => {
      const proofs = await verifyArtifacts(e.document!, fetch);
      const namespace = e.name.split('/')[0]!;
      const signature = bytesOf.get(signaturePathFor(e.file));
      // Domain versions published with a signature must still be granted by the domain's record.
      if (!namespace.toLowerCase().startsWith('io.github.') && signature) {
        const d = await verifyDomainNamespace(
          namespace,
          [{ file: e.file, bytes: bytesOf.get(e.file)!, signature }],
          fetch,
        );
        if (!d.granted) proofs.push(...d.proofs.filter((p) => !p.ok));
      }
      for (const proof of proofs) if (!proof.ok) broken.push({ name: e.name, version: e.version, file: e.file, proof });
    }),
  );
  broken.sort((a, b) => codeUnitOrder(a.file, b.file));
  return { checked: latest.length, broken };
}

export function issueBody(result: ReverifyResult, when: string): string {
  const lines = [REVERIFY_MARKER, `## Re-verification of ${result.checked} latest version(s), ${when}`, ''];
  if (!result.broken.length) return [...lines, '✅ Every artifact and domain proof still verifies.'].join('\n');
  lines.push(
    `❌ ${result.broken.length} check(s) no longer pass. Nothing was changed: a maintainer decides (deprecate with status.json, contact the owner, or wait for a temporary failure to clear).`,
    '',
    '| Server | Version | Check | Against | Result |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const b of result.broken.slice(0, MAX_ROWS))
    lines.push(
      `| ${md(b.name, 150)} | ${md(b.version, 60)} | ${md(b.proof.check, 40)} | ${md(b.proof.subject, 200)} | ${md(b.proof.detail, 300)}${b.proof.retryable ? ' (may be temporary)' : ''} |`,
    );
  if (result.broken.length > MAX_ROWS) lines.push('', `…and ${result.broken.length - MAX_ROWS} more.`);
  lines.push(
    '',
    '<details><summary>Files</summary>',
    '',
    codeBlock([...new Set(result.broken.map((b) => b.file))].join('\n')),
    '',
    '</details>',
  );
  return lines.join('\n');
}

/** Open or update the one re-verify issue (found by label, bot author and marker). */
export async function reportReverify(
  github: GitHub,
  repository: string,
  body: string,
  broken: number,
): Promise<{ issue: number; created: boolean }> {
  const [owner, repo] = splitRepo(repository);
  const open = await github.paginate(github.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'open',
    labels: REVERIFY_LABEL,
    per_page: 100,
  });
  const mine = open.find((i) => i.user?.type === 'Bot' && (i.body ?? '').startsWith(REVERIFY_MARKER));
  const title = broken ? `Re-verification: ${broken} check(s) broke` : 'Re-verification: all checks pass';
  if (mine) {
    await github.rest.issues.update({ owner, repo, issue_number: mine.number, title, body });
    return { issue: mine.number, created: false };
  }
  if (!broken) return { issue: 0, created: false };
  await createLabel(github, repository, { name: REVERIFY_LABEL, ...REVERIFY_LABEL_STYLE });
  const { data } = await github.rest.issues.create({ owner, repo, title, body, labels: [REVERIFY_LABEL] });
  return { issue: data.number, created: true };
}
