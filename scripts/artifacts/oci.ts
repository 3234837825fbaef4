/**
 * OCI images through the distribution API, anonymously:
 * manifest (401 + `WWW-Authenticate: Bearer realm=…` → token → manifest again) →
 * for a manifest list / OCI index, the linux/amd64 platform manifest (else the first real platform) →
 * config blob (its sha256 checked against the digest) → label `io.modelcontextprotocol.server.name`.
 * A private image (no anonymous token, or 401 with it) fails the check.
 */
import { createHash } from 'node:crypto';
import type { PackageJson, ServerName } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { jsonBody, safeFetch, type FetchFailure, type FetchOk } from '../net/safe-fetch.ts';
import { hostAllowed } from '../rules/packages.ts';
import { trimSlash } from './npm.ts';
import { failed, lookupFailed, passed, type Proof } from '../core/proof.ts';

const CHECK = 'oci-label';
export const OCI_NAME_LABEL = 'io.modelcontextprotocol.server.name';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');

export interface ImageRef {
  /** As written (lower-cased), e.g. docker.io. */
  registry: string;
  /** e.g. library/nginx or domdomegg/airtable-mcp-server. */
  repository: string;
  /** A tag or a `sha256:` digest. */
  reference: string;
}

/** `[registry/]repository[:tag][@digest]`; Docker Hub rules for a missing registry and for `library/`. */
export function parseImageRef(identifier: string): ImageRef | undefined {
  let rest = identifier.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    parts.shift();
  }
  let last = parts.pop() ?? '';
  let tag = 'latest';
  const colon = last.lastIndexOf(':');
  if (colon !== -1) {
    tag = last.slice(colon + 1);
    last = last.slice(0, colon);
  }
  parts.push(last);
  if (isDockerHub(registry) && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository))
    return undefined;
  if (!digest && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return undefined;
  return { registry, repository, reference: digest ?? tag };
}

function isDockerHub(host: string): boolean {
  return host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io';
}

/** Where the distribution API of a registry host lives (config override first; Docker Hub's API host). */
export function apiBase(registry: string, overrides: Record<string, string>): string {
  const o =
    overrides[registry] ??
    (isDockerHub(registry) ? (overrides['docker.io'] ?? overrides['registry-1.docker.io']) : undefined);
  if (o) return trimSlash(o);
  return `https://${isDockerHub(registry) ? 'registry-1.docker.io' : registry}`;
}

export async function verifyOci(
  pkg: PackageJson,
  serverName: ServerName,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  const subject = `oci:${pkg.identifier}`;
  const ref = parseImageRef(pkg.identifier);
  if (!ref)
    return failed(
      CHECK,
      subject,
      'artifact-oci',
      'the identifier is not an image reference `[registry/]repository[:tag|@sha256:digest]`',
      jsonPath,
    );
  if (!hostAllowed(ref.registry.replace(/:\d+$/, ''), ctx.config.registries.oci.hosts)) {
    return failed(CHECK, subject, 'artifact-oci', `${ref.registry} is not an allowed container registry`, jsonPath);
  }
  const session = new OciSession(apiBase(ref.registry, ctx.config.network.testing.ociEndpoints), ref.repository, ctx);
  const top = await session.get(`manifests/${ref.reference}`, ACCEPT);
  if (!top.ok) return lookupFailed(CHECK, subject, 'artifact-oci', top, jsonPath);
  let manifest = jsonBody(top) as Record<string, unknown> | undefined;
  const type = mediaType(top, manifest);
  if (INDEX_TYPES.includes(type)) {
    const chosen = pickPlatform(manifest);
    if (!chosen)
      return failed(CHECK, subject, 'artifact-oci', 'the manifest list names no platform manifest', jsonPath);
    const platform = await session.get(`manifests/${chosen.digest}`, ACCEPT);
    if (!platform.ok) return lookupFailed(CHECK, subject, 'artifact-oci', platform, jsonPath);
    manifest = jsonBody(platform) as Record<string, unknown> | undefined;
  }
  const configDigest = (manifest?.config as { digest?: unknown } | undefined)?.digest;
  if (typeof configDigest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(configDigest)) {
    return failed(CHECK, subject, 'artifact-oci', 'the image manifest has no sha256 config digest', jsonPath);
  }
  const blob = await session.get(
    `blobs/${configDigest}`,
    'application/vnd.oci.image.config.v1+json, application/vnd.docker.container.image.v1+json, */*',
  );
  if (!blob.ok) return lookupFailed(CHECK, subject, 'artifact-oci', blob, jsonPath);
  const actual = `sha256:${createHash('sha256').update(blob.body).digest('hex')}`;
  if (actual !== configDigest)
    return failed(CHECK, subject, 'artifact-oci', `the config blob hashes to ${actual}, not ${configDigest}`, jsonPath);
  const config = jsonBody(blob) as { config?: { Labels?: Record<string, unknown> } } | undefined;
  const label = config?.config?.Labels?.[OCI_NAME_LABEL];
  if (label === serverName)
    return passed(CHECK, subject, 'artifact-oci', `the image label ${OCI_NAME_LABEL} is "${serverName}"`, jsonPath);
  const found = typeof label === 'string' ? `is "${label}"` : 'is missing';
  return failed(
    CHECK,
    subject,
    'artifact-oci',
    `the image label ${OCI_NAME_LABEL} ${found}, expected "${serverName}"`,
    jsonPath,
  );
}

function mediaType(r: FetchOk, doc: Record<string, unknown> | undefined): string {
  const fromBody = typeof doc?.mediaType === 'string' ? (doc.mediaType as string) : '';
  const fromHeader = (r.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (fromBody) return fromBody;
  if (fromHeader) return fromHeader;
  // An OCI index may omit mediaType; a `manifests` array gives it away.
  return Array.isArray(doc?.manifests) ? INDEX_TYPES[0]! : MANIFEST_TYPES[0]!;
}

/** linux/amd64 if present, else the first platform that is not an attestation (`unknown/unknown`). */
export function pickPlatform(index: Record<string, unknown> | undefined): { digest: string } | undefined {
  const list = Array.isArray(index?.manifests)
    ? (index.manifests as Array<{ digest?: unknown; platform?: { os?: string; architecture?: string } }>)
    : [];
  const valid = list.filter(
    (m): m is { digest: string; platform?: { os?: string; architecture?: string } } =>
      typeof m.digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(m.digest),
  );
  const real = valid.filter((m) => m.platform?.os !== 'unknown');
  const amd64 = real.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64');
  return amd64 ?? real[0] ?? valid[0];
}

/** One repository on one registry, with the anonymous bearer token once obtained. */
class OciSession {
  private token: string | undefined;
  private readonly base: string;
  private readonly repository: string;
  private readonly ctx: FetchContext;

  constructor(base: string, repository: string, ctx: FetchContext) {
    this.base = base;
    this.repository = repository;
    this.ctx = ctx;
  }

  async get(path: string, accept: string): Promise<FetchOk | FetchFailure> {
    const url = `${this.base}/v2/${this.repository}/${path}`;
    const first = await this.request(url, accept);
    if (!first.ok || first.status !== 401) return first;
    if (this.token) return denied(url);
    const challenge = parseBearerChallenge(first.headers['www-authenticate'] ?? '');
    if (!challenge) return denied(url);
    const tokenUrl = new URL(challenge.realm);
    if (challenge.service) tokenUrl.searchParams.set('service', challenge.service);
    tokenUrl.searchParams.set('scope', challenge.scope ?? `repository:${this.repository}:pull`);
    const t = await safeFetch(tokenUrl.href, this.ctx, { headers: { accept: 'application/json' } });
    if (!t.ok) return t.status === 401 || t.status === 403 ? denied(url) : t;
    const body = jsonBody(t) as { token?: unknown; access_token?: unknown } | undefined;
    const token =
      typeof body?.token === 'string'
        ? body.token
        : typeof body?.access_token === 'string'
          ? body.access_token
          : undefined;
    if (!token) return denied(url);
    this.token = token;
    const again = await this.request(url, accept);
    return again.ok && again.status === 401 ? denied(url) : again;
  }

  private request(url: string, accept: string): Promise<FetchOk | FetchFailure> {
    const headers: Record<string, string> = { accept };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return safeFetch(url, this.ctx, { headers, acceptStatus: [401] });
  }
}

function denied(url: string): FetchFailure {
  return {
    ok: false,
    kind: 'http-status',
    retryable: false,
    status: 401,
    url,
    message: `${url} refused anonymous access (a private or missing image)`,
  };
}

/** `Bearer realm="https://auth…/token",service="registry…",scope="repository:x:pull"`. */
export function parseBearerChallenge(header: string): { realm: string; service?: string; scope?: string } | undefined {
  const m = header.match(/^\s*Bearer\s+(.*)$/i);
  if (!m?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[1].matchAll(/([A-Za-z]+)="([^"]*)"/g)) params[p[1]!.toLowerCase()] = p[2]!;
  if (!params.realm) return undefined;
  const out: { realm: string; service?: string; scope?: string } = { realm: params.realm };
  if (params.service) out.service = params.service;
  if (params.scope) out.scope = params.scope;
  return out;
}
