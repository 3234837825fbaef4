/**
 * An OCI distribution registry with Docker Hub's anonymous token flow:
 * `GET /v2/<repo>/manifests/<ref>` without a token → 401 + `WWW-Authenticate: Bearer realm="<url>/token",…`;
 * `GET /token?service=…&scope=repository:<repo>:pull` → {token} (401 for private repositories);
 * manifests (an image index / manifest list, or a single image manifest), and blobs by digest
 * (config blobs answer 307 to a storage path, like Docker Hub's CDN, unless `directBlobs`).
 */
import { createHash } from 'node:crypto';
import { send, sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

export interface OciImage {
  /** Labels of the image config (for every platform unless platformLabels says otherwise). */
  labels: Record<string, string>;
  /** e.g. ['linux/arm64', 'linux/amd64']: served as a manifest list / index in this order; absent → a single manifest. */
  platforms?: string[];
  /** Per-platform labels, e.g. { 'linux/amd64': {...} }. */
  platformLabels?: Record<string, Record<string, string>>;
  /** Serve the index as a Docker manifest list instead of an OCI index. */
  dockerList?: boolean;
  /** Add a buildx attestation manifest (platform unknown/unknown) first in the index. */
  attestationFirst?: boolean;
}

export interface OciFakeOptions extends HttpsFakeOptions {
  /** repository (e.g. 'library/x' or 'octo/weather') → tag → image. */
  images: Record<string, Record<string, OciImage>>;
  /** Repositories needing credentials (anonymous token refused). */
  privateRepositories?: string[];
  directBlobs?: boolean;
  /** Serve the config blob with bytes that do not match its digest. */
  corruptBlobs?: boolean;
}

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export async function startOciFake(options: OciFakeOptions): Promise<HttpsFake> {
  const blobs = new Map<string, { type: string; bytes: Buffer }>();
  const put = (type: string, value: unknown): string => {
    const bytes = Buffer.from(JSON.stringify(value));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    blobs.set(digest, { type, bytes });
    return digest;
  };
  const tags = new Map<string, string>(); // `${repo}:${tag}` → top manifest digest
  for (const [repo, byTag] of Object.entries(options.images)) {
    for (const [tag, image] of Object.entries(byTag)) {
      const manifestFor = (platform: string | undefined): { digest: string; size: number } => {
        const labels = (platform && image.platformLabels?.[platform]) || image.labels;
        const [os, architecture] = (platform ?? 'linux/amd64').split('/');
        const config = put('application/vnd.oci.image.config.v1+json', {
          architecture,
          os,
          config: { Labels: labels },
          rootfs: { type: 'layers', diff_ids: [] },
        });
        const configBlob = blobs.get(config)!;
        const manifest = {
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: config,
            size: configBlob.bytes.byteLength,
          },
          layers: [],
        };
        const digest = put(OCI_MANIFEST, manifest);
        return { digest, size: blobs.get(digest)!.bytes.byteLength };
      };
      let top: string;
      if (image.platforms) {
        const type = image.dockerList ? DOCKER_LIST : OCI_INDEX;
        const entries = image.platforms.map((p) => {
          const m = manifestFor(p);
          const [os, architecture] = p.split('/');
          return { mediaType: OCI_MANIFEST, digest: m.digest, size: m.size, platform: { os, architecture } };
        });
        if (image.attestationFirst) {
          const a = manifestFor('unknown/unknown');
          entries.unshift({
            mediaType: OCI_MANIFEST,
            digest: a.digest,
            size: a.size,
            platform: { os: 'unknown', architecture: 'unknown' },
          });
        }
        top = put(type, { schemaVersion: 2, mediaType: type, manifests: entries });
      } else {
        top = manifestFor(undefined).digest;
      }
      tags.set(`${repo}:${tag}`, top);
    }
  }
  const privateRepos = new Set(options.privateRepositories ?? []);
  const tokenFor = (repo: string) => `anon-${Buffer.from(repo).toString('hex')}`;

  return startHttpsFake((req, res, url, self) => {
    if (url.pathname === '/token') {
      const scope = url.searchParams.get('scope') ?? '';
      const repo = scope.match(/^repository:([^:]+):pull$/)?.[1];
      if (!repo || privateRepos.has(repo)) return sendJson(res, 401, { details: 'incorrect username or password' });
      return sendJson(res, 200, { token: tokenFor(repo), access_token: tokenFor(repo), expires_in: 300 });
    }
    const storage = url.pathname.match(/^\/storage\/(sha256:[a-f0-9]{64})$/);
    if (storage) {
      // Storage must not receive the registry token (a client drops it across origins; here we just record it).
      return serveBlob(storage[1]!);
    }
    const m = url.pathname.match(/^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/);
    if (url.pathname === '/v2/' || m) {
      const repo = m?.[1] ?? '';
      const challenge = `Bearer realm="${self.url}/token",service="fake-registry",scope="repository:${repo}:pull"`;
      const auth = req.headers.authorization ?? '';
      if (!m || auth !== `Bearer ${tokenFor(repo)}`) {
        return sendJson(
          res,
          401,
          { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
          { 'www-authenticate': challenge },
        );
      }
      const ref = decodeURIComponent(m[3]!);
      if (m[2] === 'manifests') {
        const digest = ref.startsWith('sha256:') ? ref : tags.get(`${repo}:${ref}`);
        const blob = digest ? blobs.get(digest) : undefined;
        if (!digest || !blob || blob.type.includes('config'))
          return sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
        return send(res, 200, blob.bytes, { 'content-type': blob.type, 'docker-content-digest': digest });
      }
      if (!blobs.has(ref)) return sendJson(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] });
      if (options.directBlobs) return serveBlob(ref);
      return void res.writeHead(307, { location: `${self.url}/storage/${ref}` }).end();
    }
    send(res, 404, 'Not Found');

    function serveBlob(digest: string): void {
      const blob = blobs.get(digest);
      if (!blob) return send(res, 404, 'Not Found');
      const bytes = options.corruptBlobs ? Buffer.concat([blob.bytes, Buffer.from(' ')]) : blob.bytes;
      send(res, 200, bytes, { 'content-type': 'application/octet-stream' });
    }
  }, options);
}
