/**
 * Real servers on loopback speaking the real endpoints, for the network checks, the gate's end-to-end scenarios
 * and the gate benchmark. Every HTTPS fake: `{ url, port, requests, script(), reset(), close() }`,
 * certificates from a test CA (`testCa().file` is what config.network.testing.extraCaFile points at).
 * `github.ts` is the GitHub REST fake (plain HTTP), shaped by what the gate calls.
 *
 * Test support, not product: only tests/ and scripts/bench/ import scripts/testing/ (tests/fakes/ re-exports it).
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
export { startCargoFake, type CargoCrates, type CargoFakeOptions } from './cargo.ts';
export { startOciFake, type OciImage, type OciFakeOptions } from './oci.ts';
export { startMcpbFake, type McpbFiles } from './mcpb.ts';
export { startWellKnownFake, type WellKnownFiles } from './well-known.ts';
export { startDnsFake, type DnsFake, type DnsFailure } from './dns.ts';
export { fakeConfig, type FakeEndpoints } from './config.ts';
export {
  startFakeGitHub,
  blobSha,
  BOT,
  GITHUB_ACTIONS_APP,
  FakeGitHub,
  type FakeApp,
  type FakeIdentity,
  type FakeLabel,
  type FakePermission,
  type FakeUser,
  type FakePrFile,
  type FakePull,
  type FakeCall,
  type FakeComment,
  type FakeCheckRun,
  type FakeFault,
  type FakeIssueEvent,
  type FakeRole,
  DEFAULT_EVENT_AT,
  DEFAULT_PUSHED_AT,
} from './github.ts';
export { FakeGitNetwork, type FakeRepo, type FakeGitPull } from './github-git.ts';
export { startHttpsProxy } from './https-proxy.ts';
export { startUpstreamFake, type UpstreamFake, type UpstreamVersion } from './upstream.ts';
