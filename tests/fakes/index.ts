/**
 * Real servers on loopback speaking the real endpoints, for the network checks and the gate's
 * end-to-end scenarios. Every HTTPS fake: `{ url, port, requests, script(), reset(), close() }`,
 * certificates from a test CA (`testCa().file` is what config.network.testing.extraCaFile points at).
 * (tests/fakes/github* is the GitHub REST fake, owned by the gate.)
 */
export { testCa, createTestCa, type TestCa } from './tls.ts';
export {
  startHttpsFake,
  send,
  sendJson,
  type HttpsFake,
  type HttpsFakeOptions,
  type Behaviour,
  type Script,
  type LoggedRequest,
  type Route,
} from './https-fake.ts';
export { startNpmFake, type NpmPackages } from './npm.ts';
export { startPypiFake, type PypiProjects } from './pypi.ts';
export { startNugetFake, type NugetPackages } from './nuget.ts';
export { startOciFake, type OciImage, type OciFakeOptions } from './oci.ts';
export { startMcpbFake, type McpbFiles } from './mcpb.ts';
export { startWellKnownFake, type WellKnownFiles } from './well-known.ts';
export { startDnsFake, type DnsFake, type DnsFailure } from './dns.ts';
export { fakeConfig, type FakeEndpoints } from './config.ts';
