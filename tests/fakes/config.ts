/**
 * A RegistryConfig pointing the production code at fakes, built through the real parseConfig
 * (so the same validation and defaults apply). Loopback is allowed only because a test says so.
 */
import { parseConfig, type RegistryConfig } from '../../scripts/config/config.ts';
import { testCa } from './tls.ts';

export interface FakeEndpoints {
  npm?: string;
  pypi?: string;
  /** The NuGet service index URL. */
  nuget?: string;
  /** OCI registry host (e.g. docker.io) → fake base URL. */
  oci?: Record<string, string>;
  /** `127.0.0.1:<port>` of the DNS fake. */
  dns?: string;
  /** host → `127.0.0.1:<port>` (e.g. example.com for the well-known fake, github.com for the MCPB fake). */
  hostMap?: Record<string, string>;
  /** Defaults to true; false with allowLoopbackPorts to test refusals. */
  allowLoopback?: boolean;
  allowLoopbackPorts?: number[];
  mcpbHosts?: string[];
  network?: Partial<RegistryConfig['network']>;
}

export async function fakeConfig(e: FakeEndpoints = {}): Promise<RegistryConfig> {
  const ca = await testCa();
  const registries: Record<string, unknown> = {};
  if (e.npm) registries.npm = { baseUrl: e.npm };
  if (e.pypi) registries.pypi = { baseUrl: e.pypi };
  if (e.nuget) registries.nuget = { baseUrl: e.nuget };
  if (e.oci) registries.oci = { endpointOverrides: e.oci };
  if (e.mcpbHosts) registries.mcpb = { hosts: e.mcpbHosts };
  return parseConfig({
    registries,
    network: {
      extraCaFile: ca.file,
      allowLoopback: e.allowLoopback ?? true,
      allowLoopbackPorts: e.allowLoopbackPorts ?? [],
      dnsResolver: e.dns ?? '',
      hostMap: e.hostMap ?? {},
      timeoutMs: 5_000,
      ...(e.network ?? {}),
    },
  });
}
