/** Tasks for measure.test.ts: run in child processes by scripts/bench/child.ts. */

/** Holds `mb` megabytes resident (touched, so it counts in RSS) for a moment. */
export async function allocate(args: { mb: number; files: number }) {
  const buf = Buffer.alloc(args.mb * 1024 * 1024, 1);
  await new Promise((r) => setTimeout(r, 20));
  return { files: args.files, bytes: buf.length };
}

/** Busy for about `ms` milliseconds. */
export async function spin(args: { ms: number }) {
  const end = performance.now() + args.ms;
  let x = 0;
  while (performance.now() < end) x++;
  return { files: 10, spins: x > 0 ? 1 : 0 };
}

/** Leaves a timer running: the child must still exit. */
export async function leaky() {
  setInterval(() => {}, 1000);
  return { files: 1 };
}

export async function fails() {
  throw new Error('task failed on purpose');
}
