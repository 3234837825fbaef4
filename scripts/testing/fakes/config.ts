/**
 * A RegistryConfig pointing the production code at fakes, built through the real parseConfig
 * (so the same validation and defaults apply). Loopback is allowed only because a test says so,
 * through the test hooks in `network.testing`.
 */
import { parseConfig, type RegistryConfig } from '../../config/config.ts';
import { testCa } from './tls.ts';

export interface FakeEndpoints {
  npm?: string;
  pypi?: string;
  /** The NuGet service index URL. */
  nuget?: string;
  /** Base URL of the crates.io fake: both the crate API and the README host (it serves both). */
  cargo?: string;
  /** OCI registry host (e.g. docker.io) → fake base URL. */
  oci?: Record<string, string>;
  /** `127.0.0.1:<port>` of the DNS fake. */
  dns?: string;
  /** host → `127.0.0.1:<port>` (e.g. example.com for the well-known fake, github.com for the MCPB fake). */
  hostMap?: Record<string, string>;
  /** Defaults to true; false with allowLoopbackPorts to test refusals. */
  allowLoopback?: boolean;
  allowLoopbackPorts?: number[];
  /** The CA file trusted besides Node's roots; defaults to the fakes' test CA ('' trusts none). */
  extraCaFile?: string;
  mcpbHosts?: string[];
  network?: Partial<Omit<RegistryConfig['network'], 'testing'>>;
}

export async function fakeConfig(e: FakeEndpoints = {}): Promise<RegistryConfig> {
  const ca = await testCa();
  const registries: Record<string, unknown> = {};
  if (e.npm) registries.npm = { baseUrl: e.npm };
  if (e.pypi) registries.pypi = { baseUrl: e.pypi };
  if (e.nuget) registries.nuget = { baseUrl: e.nuget };
  if (e.cargo) registries.cargo = { baseUrl: e.cargo, readmeBaseUrl: e.cargo };
  if (e.mcpbHosts) registries.mcpb = { hosts: e.mcpbHosts };
  return parseConfig({
    registries,
    network: {
      dnsResolver: e.dns ?? '',
      timeoutMs: 5_000,
      ...(e.network ?? {}),
      testing: {
        allowLoopback: e.allowLoopback ?? true,
        allowLoopbackPorts: e.allowLoopbackPorts ?? [],
        hostMap: e.hostMap ?? {},
        extraCaFile: e.extraCaFile ?? ca.file,
        ociEndpoints: e.oci ?? {},
      },
    },
  });
}
