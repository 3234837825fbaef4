/**
 * Every rule the registry enforces, with one stable id each. The id is what tests assert,
 * what GitHub annotations show as their title and what docs/rules.md lists.
 *
 * A rule also says how the pull-request gate treats it (`gate`, on top of its layer's defaults in LAYERS): the
 * labels its errors raise, whether the maintainer override may waive it, and the checklist row of the PR comment it
 * counts against. The gate reads these; it never lists rules by name. Adding a rule is one entry here.
 */

/** The labels the gate manages on a PR (it adds and removes only these). Names are permanent: PRs carry them. */
export const GATE_LABELS = {
  ready: 'registry: ready for review',
  invalid: 'registry: invalid',
  ownerProof: 'registry: needs owner proof',
  artifact: 'registry: artifact mismatch',
  retry: 'registry: retry later',
  maintainer: 'registry: needs maintainer',
  newNamespace: 'registry: new namespace',
} as const;
export type GateLabel = keyof typeof GATE_LABELS;

/**
 * How the gate creates its labels (before first use, scripts/gate/plan.ts `create-label`): GitHub would otherwise make
 * them grey and without a description. Colours are six hex digits without `#`; descriptions at most 100 characters.
 */
export const GATE_LABEL_STYLE: Record<GateLabel, { color: string; description: string }> = {
  ready: { color: '0e8a16', description: 'The registry gate passed: a maintainer reviews and merges.' },
  invalid: { color: 'b60205', description: 'A document or change rule failed, or the PR could not be judged.' },
  ownerProof: { color: 'd93f0b', description: 'The author has not proven control of a namespace the PR touches.' },
  artifact: { color: 'e99695', description: 'A package or remote does not name the server, or was refused for good.' },
  retry: { color: 'fbca04', description: 'A lookup failed temporarily: re-run the registry gate later.' },
  maintainer: { color: '5319e7', description: 'Files outside servers/ changed: a maintainer must review.' },
  newNamespace: { color: '1d76db', description: 'The PR creates a namespace the registry did not have.' },
};

/** The checklist rows of the PR comment a rule can count against (scripts/gate/report.ts renders them). */
export type ChecklistRow = 'paths' | 'documents' | 'artifacts';

export interface GateMeta {
  /** Labels an error of this rule raises on the PR. */
  labels?: readonly GateLabel[];
  /**
   * Labels a failed proof of this rule raises when it is not retryable. Read from the proofs, not the errors, so they
   * stay when the override waived the error.
   */
  refusedProofLabels?: readonly GateLabel[];
  /** The maintainer-override label turns its errors into warnings. */
  waivable?: boolean;
  /** The row that counts its errors ('paths', 'documents') or its proofs ('artifacts'). */
  checklist?: ChecklistRow;
  /**
   * Its errors ask for a maintainer's review rather than a fix by the author: a PR whose only errors are of such
   * rules is 'needs-maintainer', not 'fail'.
   */
  needsMaintainer?: boolean;
}

export type RuleLayer = 'bytes' | 'schema' | 'semantic' | 'tree' | 'change' | 'proof' | 'gate';

export interface RuleEntry {
  layer: RuleLayer;
  summary: string;
  /** How the gate treats the rule, over its layer's defaults. */
  gate?: GateMeta;
  /**
   * A warning rule: data that will not run as published but that the official registry accepts and that is not
   * unsafe. Its findings are warnings, which never fail the gate; the PR comment and the server page show them.
   */
  severity?: 'warning';
}

/** Validation is never waived: a document or change-rule error marks the PR invalid. */
const VALIDATION: GateMeta = { labels: ['invalid'], checklist: 'documents' };

export const LAYERS: Record<RuleLayer, { title: string; gate: GateMeta }> = {
  bytes: { title: '1. Bytes: size, encoding, strict JSON', gate: VALIDATION },
  schema: { title: '2. Schema: the official JSON Schema named by `$schema`', gate: VALIDATION },
  semantic: { title: '3. Official rules on top of the schema', gate: VALIDATION },
  tree: { title: '4. The tree: paths, collisions, status and owners files', gate: VALIDATION },
  change: { title: '5. Changes against the base branch', gate: VALIDATION },
  proof: {
    title: '6. Proofs on a pull request: namespace ownership and package artifacts',
    gate: { waivable: true },
  },
  gate: { title: '7. Pull-request policy', gate: {} },
};

/** A package or remote that does not name the server. */
const ARTIFACT: GateMeta = { labels: ['artifact'], checklist: 'artifacts' };

export const RULES = {
  // Layer 1: bytes
  'file-too-large': {
    layer: 'bytes',
    summary: 'A registry document is at most 256 KiB (server.json) / 64 KiB (status.json, owners.json).',
  },
  'file-encoding': { layer: 'bytes', summary: 'Documents are UTF-8 without invalid byte sequences.' },
  'file-bom': { layer: 'bytes', summary: 'Documents must not start with a byte-order mark.' },
  'json-syntax': { layer: 'bytes', summary: 'The document is valid JSON (RFC 8259).' },
  'json-duplicate-key': {
    layer: 'bytes',
    summary: 'No object repeats a key: a reviewer must read the same value the parser does.',
  },
  'json-too-deep': { layer: 'bytes', summary: 'Nesting is at most 32 levels deep.' },
  'json-not-object': { layer: 'bytes', summary: 'The top-level value is an object.' },
  'file-unreadable': { layer: 'bytes', summary: 'Every file under servers/ can be read.' },

  // Layer 2: schema
  'schema-missing': {
    layer: 'schema',
    summary: '`$schema` names the official server.json schema the document follows.',
  },
  'schema-unknown': { layer: 'schema', summary: '`$schema` is one of the published official schema URLs.' },
  'schema-outdated': { layer: 'schema', summary: 'Warning: `$schema` is a published but not the current schema.' },
  'schema-violation': { layer: 'schema', summary: 'The document validates against the JSON Schema it names.' },

  // Layer 3: official semantic rules
  'name-format': { layer: 'semantic', summary: 'name is `<namespace>/<server>` with the official character rules.' },
  'name-length': { layer: 'semantic', summary: 'name is 3 to 200 characters.' },
  'description-length': { layer: 'semantic', summary: 'description is 1 to 100 characters.' },
  'title-length': {
    layer: 'semantic',
    summary: 'title, when present, is 1 to 100 characters and not only whitespace.',
  },
  'version-length': { layer: 'semantic', summary: 'version is 1 to 255 characters.' },
  'version-latest': { layer: 'semantic', summary: 'version is never the reserved word `latest`.' },
  'version-range': { layer: 'semantic', summary: 'version is one exact version, never a range.' },
  'website-url': { layer: 'semantic', summary: 'websiteUrl is an absolute https URL.' },
  'repository-source': { layer: 'semantic', summary: 'repository.source is github or gitlab.' },
  'repository-url': {
    layer: 'semantic',
    summary: 'repository.url is https://github.com/<owner>/<repo> or the GitLab equivalent.',
  },
  'repository-subfolder': { layer: 'semantic', summary: 'repository.subfolder is a clean relative path.' },
  'package-version-required': {
    layer: 'semantic',
    summary: 'npm, pypi, nuget and cargo packages carry an exact version.',
  },
  'package-version-forbidden': {
    layer: 'semantic',
    summary: 'oci and mcpb packages carry their version in the identifier, not in `version`.',
  },
  'package-version-latest': { layer: 'semantic', summary: 'A package version is never `latest`.' },
  'package-version-range': { layer: 'semantic', summary: 'A package version is one exact version, never a range.' },
  'package-sha256-required': {
    layer: 'semantic',
    summary: 'mcpb packages carry fileSha256 (64 lowercase hex digits).',
  },
  'package-sha256-forbidden': { layer: 'semantic', summary: 'Only mcpb packages carry fileSha256.' },
  'package-registry-type': { layer: 'semantic', summary: 'registryType is one this registry accepts.' },
  'package-registry-base-url': {
    layer: 'semantic',
    summary: 'registryBaseUrl, when given, is the one allowed base URL of its registry type.',
  },
  'package-oci-registry': { layer: 'semantic', summary: 'An oci identifier names an allowed container registry.' },
  'package-mcpb-url': {
    layer: 'semantic',
    summary: 'An mcpb identifier is an https GitHub or GitLab release-asset URL containing "mcp".',
  },
  'package-cargo-identifier': {
    layer: 'semantic',
    summary: 'A cargo identifier is a crates.io crate name: a letter, then letters, digits, `-` or `_`, at most 64.',
  },
  'package-cargo-version': {
    layer: 'semantic',
    summary: 'A cargo package version is a SemVer 2.0 version (crates.io accepts nothing else).',
  },
  'transport-url-forbidden': { layer: 'semantic', summary: 'A stdio transport has no url.' },
  'transport-url-required': { layer: 'semantic', summary: 'streamable-http and sse transports have a url.' },
  'transport-url-variable': {
    layer: 'semantic',
    summary: 'Every `{var}` in a package transport url is declared by an argument or environment variable.',
  },
  'argument-name': {
    layer: 'semantic',
    summary:
      'A named argument name is not empty and has no `<`, `>`, whitespace, `$`, control or invisible characters.',
  },
  'argument-value-prefix': {
    layer: 'semantic',
    summary: 'A named argument value or default does not start with the argument name.',
  },
  'argument-positional-hint': { layer: 'semantic', summary: 'A positional argument has a valueHint or a value.' },
  // What the site tells a user to run (scripts/rules/identifiers.ts, substitution.ts; docs/site.md)
  'env-var-name': {
    layer: 'semantic',
    summary: 'An environment variable name is a variable name: `^[A-Za-z_][A-Za-z0-9_]*$`.',
  },
  'header-name': { layer: 'semantic', summary: 'A header name is an RFC 9110 token (no spaces, `:` or braces).' },
  'client-substitution': {
    layer: 'semantic',
    summary:
      "No value, default, choice, URL, identifier or version that reaches a client configuration contains `${`, alone or once its `{variables}` are filled in: clients would substitute the user's own data there.",
  },
  'remote-https': { layer: 'semantic', summary: 'A remote url is an absolute https URL.' },
  'remote-localhost': {
    layer: 'semantic',
    summary: 'A remote url is not localhost, a loopback address or *.localhost.',
  },
  'remote-url-variable': { layer: 'semantic', summary: 'Every `{var}` in a remote url is declared in its variables.' },
  'remote-userinfo': {
    layer: 'semantic',
    summary: 'A remote url carries no user name or password (`user@host`): no credentials in a published URL.',
  },
  'meta-key': {
    layer: 'semantic',
    summary: 'Warning: only `io.modelcontextprotocol.registry/publisher-provided` is kept in _meta.',
  },
  'container-flag-after-image': {
    layer: 'semantic',
    severity: 'warning',
    summary:
      "Warning: an oci package's packageArguments hold no `docker run` option (`--rm`, `-e`, `-v host:ctr`…): they come after the image name, so the server would receive them.",
  },
  'uvx-from-after-package': {
    layer: 'semantic',
    severity: 'warning',
    summary:
      "Warning: a pypi package's packageArguments hold no `--from`: it is an option of uvx and belongs before the package (runtimeArguments).",
  },
  'input-undeclared': {
    layer: 'semantic',
    severity: 'warning',
    summary:
      "Warning: a value names only variables it declares: no `${input:x}` (VS Code's own syntax) and no `{x}` missing from its `variables`.",
  },
  'placeholder-value': {
    layer: 'semantic',
    severity: 'warning',
    summary:
      'Warning: no value or default is a placeholder from documentation (`YOUR_API_KEY`, `{{PATH_TO_SRC}}`, `<your-token>`); mark the input required instead.',
  },
  'container-image-name': {
    layer: 'semantic',
    severity: 'warning',
    summary:
      'Warning: an oci identifier (with the version as its tag when it has none) is an image reference a container engine accepts.',
  },
  'meta-size': { layer: 'semantic', summary: 'The publisher-provided _meta is at most 4 KB of JSON.' },
  'icon-src': { layer: 'semantic', summary: 'An icon src is an absolute https URL.' },
  'icon-mime-type': { layer: 'semantic', summary: 'An icon mimeType is png, jpeg, jpg, svg+xml or webp.' },
  'icon-sizes': { layer: 'semantic', summary: 'Icon sizes are `<w>x<h>` or `any`.' },

  // Layer 4: tree
  'path-layout': { layer: 'tree', summary: 'Documents live at servers/<namespace>/<server>/<version>/server.json.' },
  'path-name-mismatch': { layer: 'tree', summary: 'name equals the folder path `<namespace>/<server>`.' },
  'path-version-mismatch': { layer: 'tree', summary: 'version equals the version folder name.' },
  'name-case-collision': { layer: 'tree', summary: 'No two names (or versions of one server) differ only by case.' },
  'version-folder-unsafe': {
    layer: 'tree',
    summary: 'A version is safe as a folder name: no `/`, `\\`, `..`, leading `.`, or control characters.',
  },
  'path-too-long': {
    layer: 'tree',
    summary:
      'Every path under servers/ can be written by a Linux checkout: each segment at most 255 bytes in UTF-8, the whole path at most 4,095.',
  },
  'path-git-refused': {
    layer: 'tree',
    summary: 'No path segment is one git refuses to check out (`.git`, `git~1` and their variants, in any case).',
  },
  'dist-path-collision': {
    layer: 'tree',
    summary:
      'No two API documents the build derives from the tree want one dist/ path, compared case-insensitively (a version `index.html`, `latest.json`, `1.0.0.json` beside `1.0.0`, `1.0.0%2Bb` beside `1.0.0+b`).',
  },
  'dist-name-too-long': {
    layer: 'tree',
    summary:
      'Every file name the build derives under dist/ (the `.json` twin, the URL-encoded spelling) is at most 255 bytes in UTF-8.',
  },
  'tree-stray-file': { layer: 'tree', summary: 'Only server.json, status.json and owners.json live under servers/.' },
  'server-json-missing': { layer: 'tree', summary: 'Every version folder holds a server.json.' },
  'status-schema': { layer: 'tree', summary: 'status.json matches schemas/status.schema.json.' },
  'status-message-active': { layer: 'tree', summary: 'An active status carries no message.' },
  'status-message-length': { layer: 'tree', summary: 'A status message is at most 500 characters.' },
  'owners-schema': { layer: 'tree', summary: 'owners.json matches schemas/owners.schema.json.' },
  'upstream-sync-schema': {
    layer: 'tree',
    summary: "servers/_upstream.json (the import's sync times) matches schemas/upstream-sync.schema.json.",
  },
  'versions-too-many': { layer: 'tree', summary: 'A server has at most 10,000 versions.' },
  'remote-url-taken': {
    layer: 'tree',
    summary:
      'One remote URL belongs to one server name only, compared in canonical form (host case and trailing dot, default port, escapes, empty query; a `{variable}` stands for any text); deleted versions count.',
  },

  // Layer 5: changes against a base
  'immutable-modified': { layer: 'change', summary: 'A merged server.json is never modified.' },
  'immutable-removed': {
    layer: 'change',
    summary: 'A merged server.json is never removed (deprecate or delete it with status.json).',
  },
  'immutable-renamed': { layer: 'change', summary: 'A merged server.json is never renamed or moved.' },
  'base-unreadable': { layer: 'change', summary: 'The --base reference resolves to a commit of this repository.' },

  // Layer 6: network proofs (artifacts name the server, domain namespaces prove control) — scripts/artifacts, scripts/proofs
  'artifact-npm': {
    layer: 'proof',
    summary: 'The npm package version declares `mcpName` equal to the server name.',
    gate: ARTIFACT,
  },
  'artifact-pypi': {
    layer: 'proof',
    summary: 'The PyPI release description contains `mcp-name: <name>`, not followed by [A-Za-z0-9._/-].',
    gate: ARTIFACT,
  },
  'artifact-nuget': {
    layer: 'proof',
    summary: 'The NuGet package README contains `mcp-name: <name>`, not followed by [A-Za-z0-9._/-].',
    gate: ARTIFACT,
  },
  'artifact-cargo': {
    layer: 'proof',
    summary:
      "The crate version's rendered crates.io README shows `mcp-name: <name>` as text (not in a comment or tag), not followed by [A-Za-z0-9._/-].",
    gate: ARTIFACT,
  },
  'artifact-oci': {
    layer: 'proof',
    summary:
      'The image config (linux/amd64, else the first platform) has label io.modelcontextprotocol.server.name equal to the name.',
    gate: ARTIFACT,
  },
  'artifact-mcpb': {
    layer: 'proof',
    summary: 'An mcpb bundle is an https release asset on an allowed host whose bytes hash to fileSha256.',
    gate: ARTIFACT,
  },
  'artifact-remote': {
    layer: 'proof',
    summary: 'A remote URL is https and its host resolves to public addresses only.',
    gate: ARTIFACT,
  },
  'proof-domain-dns': {
    layer: 'proof',
    summary:
      'A DNS TXT record `v=MCPv1; k=ed25519; p=<key>` at the domain apex grants the namespace and its sub-namespaces.',
  },
  'proof-domain-http': {
    layer: 'proof',
    summary:
      'https://<domain>/.well-known/mcp-registry-auth (200, no redirects, ≤ 4096 bytes) grants the exact namespace only.',
  },
  'proof-signature': {
    layer: 'proof',
    summary:
      'server.json.sig beside an added server.json is an Ed25519 signature over its exact bytes by a granted key.',
  },
  'network-failure': {
    layer: 'proof',
    summary: 'A lookup failed (timeout, 429, 5xx, too large, refused address): the check fails closed; retry later.',
    gate: { refusedProofLabels: ['artifact'], checklist: 'artifacts' },
  },

  // Layer 7: the pull-request gate (scripts/gate) — who may change what
  'path-policy': {
    layer: 'gate',
    summary:
      'A data PR only adds version folders and changes status.json / owners.json under servers/ (servers/_upstream.json only in an import PR proven by a trusted upstream); anything else needs a maintainer.',
    gate: { labels: ['maintainer'], waivable: true, checklist: 'paths', needsMaintainer: true },
  },
  'namespace-proof': {
    layer: 'gate',
    summary:
      "The PR author controls every namespace the PR touches (login, numeric id in owners.json, org membership or org owners file, domain proof), or a trusted upstream's own records prove it (a namespace without a recorded account).",
    gate: { labels: ['ownerProof'], waivable: true },
  },
  'owners-change-proof': {
    layer: 'gate',
    summary:
      'owners.json is changed only by an existing owner (base branch) or by someone with the primary proof of the namespace.',
    gate: { labels: ['ownerProof'], waivable: true },
  },
  'namespace-identity-record': {
    layer: 'gate',
    summary:
      'A PR that creates an io.github namespace — or first changes one that has no recorded account, proven by its login or org name — records the GitHub account (numeric id) in owners.json `account`, exactly as the report gives it; a domain namespace records none.',
    gate: { labels: ['ownerProof'] },
  },
  'namespace-identity-change': {
    layer: 'gate',
    summary:
      "A namespace's recorded account is never changed or removed, nor recorded late for a namespace that predates it, without a maintainer (override).",
    gate: { labels: ['maintainer'], waivable: true, needsMaintainer: true },
  },
  'pr-too-many-files': {
    layer: 'gate',
    summary:
      'A PR changes at most the documented number of files; larger PRs are refused rather than judged on a partial list.',
    gate: { labels: ['invalid'], checklist: 'documents' },
  },
  'pr-head-moved': {
    layer: 'gate',
    summary: 'The PR head did not move while its files were read; otherwise the gate re-runs on the new head.',
    gate: { labels: ['retry'], checklist: 'documents' },
  },
  'pr-workflow-change': {
    layer: 'gate',
    summary:
      'A PR that adds, changes, renames or removes anything under .github/ (workflows, actions, settings) is refused; only a maintainer override given for its exact head commit waives it.',
    gate: { labels: ['maintainer'], waivable: true, checklist: 'paths' },
  },
  'pr-base-branch': {
    layer: 'gate',
    summary:
      "A PR targets the default branch (`defaultBranch`): the gate judges against the default branch's tree and nothing else.",
    gate: { labels: ['invalid'], checklist: 'documents' },
  },
  'pr-file-unreadable': {
    layer: 'gate',
    summary: 'Every changed file can be read at the head commit and its bytes match the blob the PR lists.',
    gate: { labels: ['invalid', 'retry'], checklist: 'documents' },
  },
  'maintainer-override': {
    layer: 'gate',
    summary:
      'Warning: a maintainer (maintain or admin role) applied the override label after the head commit was pushed and takes responsibility for the waived checks of that commit.',
  },
  'maintainer-override-refused': {
    layer: 'gate',
    summary:
      'Warning: the override label waives nothing when it is older than the head commit or was applied without the maintain or admin role; the report removes it.',
  },
} as const satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof RULES;

/** How the gate treats a rule: its layer's defaults, then the rule's own `gate` fields. */
export function gateMeta(rule: RuleId): GateMeta {
  const r: RuleEntry = RULES[rule];
  return { ...LAYERS[r.layer].gate, ...r.gate };
}

/** The severity of a rule's findings when the finding does not set its own: warning rules warn, the rest fail. */
export function ruleSeverity(rule: RuleId): 'error' | 'warning' {
  const r: RuleEntry = RULES[rule];
  return r.severity ?? 'error';
}
