import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../scripts/config/config.ts';
import { buildRegistry, type BuildResult } from '../../scripts/build/pipeline.ts';

/** Build a registry repository into a fresh temporary dist/ (no site: these tests are about the API). */
export async function buildInto(
  root: string,
  outDir = mkdtempSync(join(tmpdir(), 'registry-dist-')),
): Promise<{ outDir: string; result: BuildResult }> {
  const config = loadConfig(root, {});
  const result = await buildRegistry({ root, outDir, config, site: false });
  if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.problems, null, 2)}`);
  return { outDir, result };
}
