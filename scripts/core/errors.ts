/** Wrong command-line use: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/** A mistake the user can fix (a missing file, a bad ref): message and exit 1, no stack trace. */
export class UserError extends Error {}
