/**
 * `npm run deploy:edge -- [--root DIR] [--out DIR] [--name NAME] [--domain HOST]… [--base-path P]
 *  [--max-pack-reads N] [--paid] [--dry-run]`: build the edge layout and deploy it to Cloudflare Workers with
 * `wrangler deploy`, using CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN from the environment. `--dry-run` builds
 * and bundles the Worker, checks the limits, and uploads nothing (no credentials needed).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, UserError } from '../core/errors.ts';
import { checkLimits, runWranglerDeploy } from '../edge/deploy.ts';
import { buildAndReport } from '../edge/report.ts';
import type { WranglerOptions } from '../edge/wrangler-config.ts';
import { noPositionals, parseCommandArgs, showUsage } from './args.ts';

const USAGE =
  'Usage: npm run deploy:edge -- [--root DIR] [--out DIR] [--name NAME] [--domain HOST]... [--base-path P] [--max-pack-reads N] [--paid] [--dry-run]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      root: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      domain: { type: 'string', multiple: true },
      'base-path': { type: 'string' },
      'max-pack-reads': { type: 'string' },
      paid: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  noPositionals(positionals, USAGE);
  const dryRun = values['dry-run'] === true;
  const missing = ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN'].filter((k) => !process.env[k]);
  if (!dryRun && missing.length > 0)
    throw new UserError(
      `set ${missing.join(' and ')} in the environment (docs/edge.md, "Set-up"), or pass --dry-run to build and check without uploading.`,
    );
  const maxPackReads = values['max-pack-reads'] === undefined ? undefined : Number(values['max-pack-reads']);
  if (maxPackReads !== undefined && (!Number.isInteger(maxPackReads) || maxPackReads < 1))
    throw new UsageError(`--max-pack-reads must be a whole number ≥ 1.\n${USAGE}`);

  const wrangler: WranglerOptions = {
    ...(values.name ? { name: values.name } : {}),
    ...(values.domain ? { domains: values.domain } : {}),
    ...(values['base-path'] ? { basePath: values['base-path'] } : {}),
    ...(maxPackReads !== undefined ? { maxPackReads } : {}),
  };
  const built = await buildAndReport(
    { ...values, wrangler },
    'Edge build stopped: fix the errors above (nothing was deployed).',
  );
  if (!built) return 1;
  const { result, outDir } = built;
  checkLimits(result.layout.objects, values.paid === true);
  const code = await runWranglerDeploy(outDir, dryRun);
  if (code !== 0) {
    process.stderr.write(`wrangler deploy exited with ${code}.\n`);
    return code;
  }
  if (dryRun) {
    const bundle = join(outDir, 'bundle', 'worker.js');
    if (!existsSync(bundle)) throw new UserError(`wrangler wrote no bundle at ${bundle}.`);
    process.stdout.write(
      `\nDry run: Worker bundle ${statSync(bundle).size.toLocaleString('en-US')} bytes (${bundle}); ` +
        `${result.write.files.toLocaleString('en-US')} static assets checked against the limits; nothing was uploaded.\n`,
    );
  }
  return 0;
}
