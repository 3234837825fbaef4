/**
 * Every artifact of a server.json checked concurrently (the per-host limit lives in the fetch):
 * one proof per package and per remote, in document order.
 */
import type { PackageJson, ServerJson } from '../core/types.ts';
import type { FetchContext } from '../net/context.ts';
import { verifyCargo } from './cargo.ts';
import { verifyMcpb } from './mcpb.ts';
import { verifyNpm } from './npm.ts';
import { verifyNuget } from './nuget.ts';
import { verifyOci } from './oci.ts';
import { failed, type Proof } from '../core/proof.ts';
import { verifyPypi } from './pypi.ts';
import { verifyRemote } from './remote.ts';

export { verifyNpm } from './npm.ts';
export { verifyPypi } from './pypi.ts';
export { verifyNuget } from './nuget.ts';
export { verifyCargo } from './cargo.ts';
export { verifyOci } from './oci.ts';
export { verifyMcpb, releaseAssetProblem } from './mcpb.ts';
export { verifyRemote } from './remote.ts';
export { hasMcpNameMarker } from './marker.ts';

export function verifyPackage(
  pkg: PackageJson,
  serverName: string,
  ctx: FetchContext,
  jsonPath?: string,
): Promise<Proof> {
  switch (pkg.registryType) {
    case 'npm':
      return verifyNpm(pkg, serverName, ctx, jsonPath);
    case 'pypi':
      return verifyPypi(pkg, serverName, ctx, jsonPath);
    case 'nuget':
      return verifyNuget(pkg, serverName, ctx, jsonPath);
    case 'cargo':
      return verifyCargo(pkg, serverName, ctx, jsonPath);
    case 'oci':
      return verifyOci(pkg, serverName, ctx, jsonPath);
    case 'mcpb':
      return verifyMcpb(pkg, ctx, jsonPath);
    default:
      return Promise.resolve(
        failed(
          `${pkg.registryType}-unsupported`,
          `${pkg.registryType}:${pkg.identifier}`,
          'package-registry-type',
          `no ownership check exists for registryType "${pkg.registryType}"`,
          jsonPath,
        ),
      );
  }
}

export async function verifyArtifacts(server: ServerJson, ctx: FetchContext): Promise<Proof[]> {
  const tasks: Array<Promise<Proof>> = [];
  for (const [i, pkg] of (server.packages ?? []).entries())
    tasks.push(verifyPackage(pkg, server.name, ctx, `$.packages[${i}]`));
  for (const [i, remote] of (server.remotes ?? []).entries()) tasks.push(verifyRemote(remote, ctx, `$.remotes[${i}]`));
  return Promise.all(tasks);
}
