/**
 * The one command line: `node scripts/cli.ts <command> [...args]`.
 * Each command lives in scripts/commands/<command>.ts and exports `main(argv)` returning an exit code; the map
 * below loads it only when it runs, and a module without that `main` does not compile.
 * A user mistake ends with a message and exit 1 or 2, never a stack trace.
 */
import { ConfigError, UsageError, UserError } from './core/errors.ts';

interface Command {
  main(argv: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS = {
  validate: {
    summary: 'Validate the servers/ tree or given files',
    load: () => import('./commands/validate.ts'),
  },
  new: { summary: 'Scaffold a new version folder', load: () => import('./commands/new.ts') },
  build: { summary: 'Build the static API and site into dist/', load: () => import('./commands/build.ts') },
  preview: {
    summary: 'Serve dist/ like GitHub Pages (or with the full API: --api full)',
    load: () => import('./commands/preview.ts'),
  },
  edge: {
    summary: 'Build the edge layout and serve it in workerd (Cloudflare Workers, locally)',
    load: () => import('./commands/edge.ts'),
  },
  'deploy-edge': {
    summary: 'Deploy the edge build to Cloudflare Workers (npm run deploy:edge)',
    load: () => import('./commands/deploy-edge.ts'),
  },
  gate: { summary: 'Judge a pull request (gather, evaluate, report)', load: () => import('./commands/gate.ts') },
  sign: { summary: 'Sign a server.json with an Ed25519 key', load: () => import('./commands/sign.ts') },
  bench: { summary: 'Run the benchmarks', load: () => import('./commands/bench.ts') },
  docs: { summary: 'Regenerate docs/rules.md from the rule catalog', load: () => import('./commands/docs.ts') },
  import: {
    summary: 'Copy allowed servers from an upstream registry (official read API)',
    load: () => import('./commands/import.ts'),
  },
  'import-pr': {
    summary: 'Open or update the one pull request holding an import (the scheduled workflow)',
    load: () => import('./commands/import-pr.ts'),
  },
  publish: {
    summary: "Open a pull request adding a release's version folder (the publish action)",
    load: () => import('./commands/publish.ts'),
  },
} satisfies Record<string, CommandEntry>;

type CommandName = keyof typeof COMMANDS;

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !isCommand(command)) {
    const help = command === '--help' || command === '-h';
    const list = Object.entries(COMMANDS)
      .map(([c, { summary }]) => `  ${c.padEnd(12)} ${summary}`)
      .join('\n');
    process.stderr.write(
      `${command && !command.startsWith('-') ? `Unknown command "${command}".\n` : ''}Usage: npm run <command> -- [options]\n\n${list}\n`,
    );
    return help ? 0 : 2;
  }
  const mod = await COMMANDS[command].load();
  return mod.main(rest);
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`Usage error: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e instanceof UserError || e instanceof ConfigError) {
    process.stderr.write(`Error: ${e.message}\n`);
    process.exitCode = e instanceof ConfigError ? 2 : 1;
  } else {
    throw e;
  }
}
