/**
 * The contract between `npm run bench` (scripts/commands/bench.ts) and its sections
 * (scripts/bench/sections/<name>.ts). A section exports
 *
 *   export async function run(ctx: BenchContext): Promise<BenchRow[]>
 *
 * and the command prints every section's rows as one Markdown table and writes them to .bench/results.json.
 * See scripts/bench/README.md for a worked example.
 */

/** How big a synthetic registry is. `versions` ≥ `servers`; every server has at least one version. */
export interface RegistrySize {
  servers: number;
  versions: number;
}

/** What to generate; the same spec always yields the same repository (byte for byte, same commit ids). */
export interface RegistrySpec extends RegistrySize {
  /** PRNG seed; default 1. */
  seed?: number;
  /** Days of history the commits are spread over, ending at a fixed date; default 365. */
  days?: number;
}

/** A generated registry: a git repository (branch `main`, checked out) with `servers/` in its work tree. */
export interface GeneratedRegistry {
  /** Absolute path of the repository (the work tree root: `<dir>/servers/...`). */
  dir: string;
  servers: number;
  versions: number;
  seed: number;
  days: number;
  /** Commits on `main`'s first-parent line (merge commits included, side-branch commits not). */
  mainCommits: number;
  /** Every commit, side-branch commits of merges included. */
  commits: number;
  merges: number;
  /** Tree files under servers/: server.json + status.json + owners.json. */
  files: number;
  /** Their total size in bytes. */
  bytes: number;
  statusFiles: number;
  ownersFiles: number;
  /** ISO dates of the first and last commit on main. */
  firstCommitAt: string;
  lastCommitAt: string;
  /** Commit id of `main`. */
  head: string;
  /** Seconds it took to generate (0 when it came from the cache). */
  generatedInSeconds: number;
}

/**
 * A task run in a child process so its peak RSS is its own. `module` is an absolute path or file: URL
 * (use `import.meta.url` for a task in the section file itself); `export` names an exported
 * `async function (args) => TaskResult | void`. `args` must be JSON-serialisable.
 */
export interface TaskRef {
  module: string;
  export: string;
  args?: unknown;
}

/** What a task may return: counts the table shows, plus anything else (kept in results.json). */
export interface TaskResult {
  files?: number;
  bytes?: number;
  [key: string]: unknown;
}

/** One run of a task in its own process. */
export interface RunSample {
  /** Wall time of the task function itself (module import excluded), in milliseconds. */
  ms: number;
  /** Peak resident set size of the child process, in bytes (process.resourceUsage().maxRSS). */
  maxRssBytes: number;
  /** The task's return value (JSON round-tripped). */
  result: TaskResult;
}

/** Several runs of one task. */
export interface Measurement {
  task: TaskRef;
  runs: RunSample[];
  medianMs: number;
  medianRssBytes: number;
  maxRssBytes: number;
  /** The result of the last run (tasks should return the same counts each run). */
  result: TaskResult;
}

/** A task and its floor measured in the same run, interleaved (task, floor, task, floor…) so load affects both. */
export interface FloorMeasurement {
  task: Measurement;
  floor: Measurement;
  /** median(task) / median(floor). */
  ratio: number;
}

/** Upper bounds a row is judged against; any may be omitted. */
export interface Goal {
  maxMs?: number;
  maxRssBytes?: number;
  maxRatio?: number;
  /** Free-form extra text for goals not expressible above (e.g. "p95 ≤ 30 ms"); judged by the section via `ok`. */
  text?: string;
}

/** One line of the results table. Only `section`, `benchmark` and `size` are required. */
export interface BenchRow {
  /** Section name (file name without .ts), filled in by the command if omitted. */
  section?: string;
  /** What was measured, e.g. "validate whole tree". */
  benchmark: string;
  /** Human size label, e.g. "10,000 servers / 30,000 versions". */
  size: string;
  medianMs?: number;
  /** Max over runs of the peak RSS, in bytes. */
  peakRssBytes?: number;
  files?: number;
  bytes?: number;
  /** Filled in by the table from files and medianMs when omitted. */
  filesPerSecond?: number;
  floorMs?: number;
  /** median(task) / median(floor). */
  ratio?: number;
  /** Rendered goal text, e.g. "≤ 20 s, ≤ 1 GB, ≤ 4× floor". */
  goal?: string;
  /** Whether the goal was met; undefined when there is no goal. */
  ok?: boolean;
  runs?: number;
  /** Every run's figures, to judge the noise behind a median (kept in results.json, not shown in the table). */
  samples?: { ms: number[]; floorMs?: number[]; rssBytes: number[]; floorRssBytes?: number[] };
  /** Section-specific figures (requests, bytes fetched, p95 ms…): shown in the table's notes column, kept in JSON. */
  extra?: Record<string, number | string>;
  /** Short free text shown in the notes column. */
  note?: string;
}

/** Named registry sizes; `ctx.sizes` holds the effective ones (tiny under --quick). */
export interface BenchSizes {
  /** 1,000 servers / 3,000 versions (site benchmark). */
  small: RegistrySize;
  /** 10,000 servers / 30,000 versions (about today's official catalogue). */
  medium: RegistrySize;
  /** 100,000 versions over 33,000 servers (10× today's catalogue). */
  large: RegistrySize;
}

export interface BenchContext {
  /** Absolute path of this repository (where package.json is). */
  root: string;
  /** A fresh, empty scratch directory for this section (under .bench/scratch/<section>/); yours to fill. */
  scratch: string;
  /** Runs per measurement (median taken); `--runs N`, default 3 (1 under --quick). */
  runs: number;
  /** `--quick`: tiny sizes so the whole pipeline runs in seconds (used by tests); figures are meaningless. */
  quick: boolean;
  /** Effective sizes: the real ones, or tiny ones under --quick. Use these rather than hard-coding numbers. */
  sizes: BenchSizes;
  /** Human label for a size, e.g. "10,000 servers / 30,000 versions". */
  label(size: RegistrySize): string;
  /**
   * A synthetic registry, generated once and cached under .bench/registries/ keyed by the spec.
   * Treat it as READ-ONLY: it is shared by every section and later runs. To change it, `copyRegistry` first.
   */
  registry(spec: RegistrySpec): Promise<GeneratedRegistry>;
  /** Clone a generated registry into `dest` (a fresh directory, e.g. under ctx.scratch) that you may modify. */
  copyRegistry(reg: GeneratedRegistry, dest: string): Promise<GeneratedRegistry>;
  /** Run a task `runs` times (default ctx.runs), each in its own child process. */
  measure(task: TaskRef, opts?: { runs?: number }): Promise<Measurement>;
  /** Run a task and its floor interleaved, `runs` times each; ratio = median(task) / median(floor). */
  measureWithFloor(task: TaskRef, floor: TaskRef, opts?: { runs?: number }): Promise<FloorMeasurement>;
  /** Turn a measurement (and optional floor, goal) into a row; `extra` fields are merged. */
  row(
    fields: { benchmark: string; size: string; goal?: Goal; extra?: Record<string, number | string>; note?: string },
    m: Measurement | FloorMeasurement,
  ): BenchRow;
  /** Progress to stderr (the table goes to stdout). */
  log(message: string): void;
}

/** What a section file exports. */
export type BenchSection = (ctx: BenchContext) => Promise<BenchRow[]>;
