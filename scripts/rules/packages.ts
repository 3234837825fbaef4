/** packages[]: the per-registry-type rules of the official registry. */
import type { RegistryConfig } from '../config/config.ts';
import type { Finding } from '../core/problem.ts';
import { objectsOf, parseUrl, str } from '../core/guards.ts';
import { isSemver } from '../core/latest.ts';
import type { Rule } from './rule.ts';
import { rangeReason } from './versions.ts';

const NEEDS_VERSION = new Set(['npm', 'pypi', 'nuget', 'cargo']);

export const packageRules: Rule = (doc, { config }) => {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    const at = `$.packages[${i}]`;
    const type = str(pkg.registryType);
    if (type === undefined) continue;
    if (!(config.registries.allowedTypes as string[]).includes(type)) {
      out.push({
        rule: 'package-registry-type',
        jsonPath: `${at}.registryType`,
        message: `registryType "${type}" is not accepted here; use one of ${config.registries.allowedTypes.join(', ')}.`,
      });
      continue;
    }
    const version = pkg.version;
    if (NEEDS_VERSION.has(type)) {
      if (typeof version !== 'string' || version === '') {
        out.push({
          rule: 'package-version-required',
          jsonPath: `${at}.version`,
          message: `${type} packages need the exact package version in "version".`,
        });
      } else if (version === 'latest') {
        out.push({
          rule: 'package-version-latest',
          jsonPath: `${at}.version`,
          message: 'A package version may not be "latest"; give the exact version that this server version ships.',
        });
      } else {
        const why = rangeReason(version);
        if (why)
          out.push({
            rule: 'package-version-range',
            jsonPath: `${at}.version`,
            message: `Package version "${version}" is a range (${why}); give one exact version.`,
          });
        else if (type === 'cargo' && !isSemver(version))
          out.push({
            rule: 'package-cargo-version',
            jsonPath: `${at}.version`,
            message: `Cargo package version "${version}" is not a SemVer version; crates.io publishes only versions like 1.2.3 or 1.2.3-beta.1, so give the crate version exactly as published.`,
          });
      }
    } else if (version !== undefined) {
      out.push({
        rule: 'package-version-forbidden',
        jsonPath: `${at}.version`,
        message: `${type} packages carry their version in the identifier (a tag, digest or file URL); remove "version".`,
      });
    }
    if (type === 'mcpb') {
      const sha = pkg.fileSha256;
      if (typeof sha !== 'string' || !/^[a-f0-9]{64}$/.test(sha)) {
        out.push({
          rule: 'package-sha256-required',
          jsonPath: `${at}.fileSha256`,
          message:
            'mcpb packages need "fileSha256": the sha256 of the bundle as 64 lowercase hex digits (sha256sum file.mcpb).',
        });
      }
    } else if (pkg.fileSha256 !== undefined) {
      out.push({
        rule: 'package-sha256-forbidden',
        jsonPath: `${at}.fileSha256`,
        message: `Only mcpb packages carry fileSha256; remove it from this ${type} package.`,
      });
    }
    out.push(...baseUrlRule(type, pkg.registryBaseUrl, `${at}.registryBaseUrl`, config));
    const id = str(pkg.identifier);
    if (id !== undefined && type === 'oci') out.push(...ociRule(id, `${at}.identifier`, config));
    if (id !== undefined && type === 'mcpb') out.push(...mcpbRule(id, `${at}.identifier`, config));
    if (id !== undefined && type === 'cargo') out.push(...crateRule(id, `${at}.identifier`));
  }
  return out;
};

function baseUrlRule(type: string, base: unknown, jsonPath: string, config: RegistryConfig): Finding[] {
  if (base === undefined) return [];
  const allowed: Record<string, string | undefined> = {
    npm: config.registries.npm.baseUrl,
    pypi: config.registries.pypi.baseUrl,
    nuget: config.registries.nuget.baseUrl,
    cargo: config.registries.cargo.baseUrl,
  };
  const want = allowed[type];
  if (want === undefined)
    return [
      { rule: 'package-registry-base-url', jsonPath, message: `${type} packages take no registryBaseUrl; remove it.` },
    ];
  if (typeof base === 'string' && trimSlash(base) !== trimSlash(want)) {
    return [
      {
        rule: 'package-registry-base-url',
        jsonPath,
        message: `registryBaseUrl "${base}" is not allowed for ${type}; use "${want}" or leave it out.`,
      },
    ];
  }
  return [];
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** The registry host of an OCI reference (`ghcr.io/o/i:1`, `o/i:1` → docker.io). */
export function ociHost(identifier: string): string {
  const first = identifier.split('/')[0] ?? '';
  const looksLikeHost =
    identifier.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return looksLikeHost ? first.toLowerCase() : 'docker.io';
}

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) =>
    p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p,
  );
}

function ociRule(identifier: string, jsonPath: string, config: RegistryConfig): Finding[] {
  const host = ociHost(identifier);
  if (hostAllowed(host, config.registries.oci.hosts)) return [];
  return [
    {
      rule: 'package-oci-registry',
      jsonPath,
      message: `Container registry "${host}" is not accepted; publish the image to one of ${config.registries.oci.hosts.join(', ')}.`,
    },
  ];
}

/** Release-asset paths per forge: where a bundle URL is immutable and owned by the project. */
const RELEASE_PATH: Record<string, RegExp> = {
  'github.com': /^\/[^/]+\/[^/]+\/releases\/download\/[^/]+\/[^/]+$/,
  'gitlab.com': /^\/.+\/-\/(releases|package_files|uploads)\/.+$/,
};

function mcpbRule(identifier: string, jsonPath: string, config: RegistryConfig): Finding[] {
  const u = parseUrl(identifier);
  const fix =
    'Attach the .mcpb file to a GitHub or GitLab release and use its download URL, e.g. https://github.com/<owner>/<repo>/releases/download/v1.0.0/server.mcpb.';
  if (u?.protocol !== 'https:')
    return [
      { rule: 'package-mcpb-url', jsonPath, message: `mcpb identifier "${identifier}" must be an https URL. ${fix}` },
    ];
  const host = u.hostname.toLowerCase();
  const pattern = RELEASE_PATH[host];
  if (!hostAllowed(host, config.registries.mcpb.hosts) || !pattern?.test(u.pathname)) {
    return [
      {
        rule: 'package-mcpb-url',
        jsonPath,
        message: `mcpb identifier "${identifier}" is not a release-asset URL. ${fix}`,
      },
    ];
  }
  if (!identifier.toLowerCase().includes('mcp')) {
    return [
      {
        rule: 'package-mcpb-url',
        jsonPath,
        message: `mcpb identifier "${identifier}" must contain "mcp" (as the official registry requires), e.g. in the file name.`,
      },
    ];
  }
  return [];
}

/** crates.io's name rule (crates_io::models::krate): ASCII, a letter first, then letters, digits, `-` or `_`; ≤ 64. */
const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function crateRule(identifier: string, jsonPath: string): Finding[] {
  if (CRATE_NAME.test(identifier)) return [];
  return [
    {
      rule: 'package-cargo-identifier',
      jsonPath,
      message: `cargo identifier "${identifier}" is not a crates.io crate name; give the crate's name as published (a letter, then letters, digits, "-" or "_", at most 64 characters), e.g. "weather-mcp".`,
    },
  ];
}
