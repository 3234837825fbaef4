/** Builds the BenchContext a section receives (see types.ts and README.md). */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cachedRegistry, copyRegistry } from './generate.ts';
import { measure, measureWithFloor } from './measure.ts';
import { formatCount, rowFrom } from './table.ts';
import type { BenchContext, BenchSizes, RegistrySize } from './types.ts';

export const FULL_SIZES: BenchSizes = {
  small: { servers: 1_000, versions: 3_000 },
  medium: { servers: 10_000, versions: 30_000 },
  large: { servers: 33_000, versions: 100_000 },
};

/** Tiny but distinct sizes: enough for every code path, seconds for the whole pipeline. */
export const QUICK_SIZES: BenchSizes = {
  small: { servers: 12, versions: 30 },
  medium: { servers: 20, versions: 50 },
  large: { servers: 30, versions: 90 },
};

export function sizeLabel(size: RegistrySize): string {
  return `${formatCount(size.servers)} servers / ${formatCount(size.versions)} versions`;
}

export interface ContextOptions {
  root: string;
  /** Where registries, scratch space and results live (default `<root>/.bench`). */
  benchDir: string;
  section: string;
  runs: number;
  quick: boolean;
  log?: (message: string) => void;
}

export async function createContext(o: ContextOptions): Promise<BenchContext> {
  const scratch = join(o.benchDir, 'scratch', o.section);
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const log = o.log ?? ((m: string) => process.stderr.write(`[bench:${o.section}] ${m}\n`));
  return {
    root: o.root,
    scratch,
    runs: o.runs,
    quick: o.quick,
    sizes: o.quick ? QUICK_SIZES : FULL_SIZES,
    label: sizeLabel,
    registry: async (spec) => {
      const reg = await cachedRegistry(o.benchDir, spec);
      if (reg.generatedInSeconds > 0)
        log(`generated ${sizeLabel(spec)} (${formatCount(reg.commits)} commits) in ${reg.generatedInSeconds} s`);
      return reg;
    },
    copyRegistry,
    measure: (task, opts) => measure(task, opts?.runs ?? o.runs),
    measureWithFloor: (task, floor, opts) => measureWithFloor(task, floor, opts?.runs ?? o.runs),
    row: rowFrom,
    log,
  };
}
