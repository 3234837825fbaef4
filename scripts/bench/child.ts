/**
 * The child side of measure.ts: `node child.ts <json TaskRef>` imports the task's module, times one call of the named
 * export, and prints `{ms, maxRssBytes, result}` as the last line of stdout. Run in its own process so the peak RSS is
 * the task's own (plus Node's baseline, the same for the task and its floor).
 */
import { pathToFileURL } from 'node:url';
import type { TaskRef } from './types.ts';

const task = JSON.parse(process.argv[2] ?? '{}') as TaskRef;
const url = task.module.startsWith('file:') ? task.module : pathToFileURL(task.module).href;
const mod = (await import(url)) as Record<string, unknown>;
const fn = mod[task.export];
if (typeof fn !== 'function') throw new Error(`${task.module} has no exported function ${task.export}`);
const start = performance.now();
const result = (await (fn as (args: unknown) => Promise<unknown>)(task.args)) ?? {};
const ms = performance.now() - start;
// maxRSS is in kilobytes.
process.stdout.write(`\n${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, result })}\n`);
// A task that leaves a handle open (a server, a timer) must not hang the benchmark; stdout to a pipe is synchronous.
process.exit(0);
