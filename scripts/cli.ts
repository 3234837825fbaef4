/**
 * The one command line: `node scripts/cli.ts <command> [...args]`.
 * Each command lives in scripts/commands/<command>.ts and exports `main(argv)` returning an exit code.
 * A user mistake ends with a message and exit 2, never a stack trace.
 */
import { UsageError, UserError } from './core/errors.ts';
import { ConfigError } from './config/config.ts';

const COMMANDS: Record<string, string> = {
  validate: 'Validate the servers/ tree or given files',
  new: 'Scaffold a new version folder',
  build: 'Build the static API and site into dist/',
  preview: 'Serve dist/ like GitHub Pages (or with the full API: --api full)',
  edge: 'Build the edge layout and serve it in workerd (Cloudflare Workers, locally)',
  'deploy-edge': 'Deploy the edge build to Cloudflare Workers (npm run deploy:edge)',
  gate: 'Judge a pull request (gather, evaluate, report)',
  sign: 'Sign a server.json with an Ed25519 key',
  bench: 'Run the benchmarks',
  docs: 'Regenerate docs/rules.md from the rule catalog',
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || !(command in COMMANDS)) {
    const list = Object.entries(COMMANDS)
      .map(([c, d]) => `  ${c.padEnd(12)} ${d}`)
      .join('\n');
    process.stderr.write(
      `${command && !command.startsWith('-') ? `Unknown command "${command}".\n` : ''}Usage: npm run <command> -- [options]\n\n${list}\n`,
    );
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const mod = (await import(`./commands/${command}.ts`)) as { main(argv: string[]): Promise<number> };
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
