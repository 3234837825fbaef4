/**
 * The mistakes a person can fix, by the exit code the CLI gives them (scripts/cli.ts): a message, never a stack
 * trace. Keep the underlying error as `cause` (`new UserError(message, { cause: e })`) so a debugger still has it.
 */

/** Wrong command-line use: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/** A wrong registry.config.json or environment override, each wrong field named: exit 2. */
export class ConfigError extends Error {}

/** A mistake the user can fix (a missing file, a bad ref): message and exit 1, no stack trace. */
export class UserError extends Error {}
