/**
 * Ready-to-paste install configurations from a server.json, in two pure steps:
 * `install-plan.ts` (package / remote → launch plan) and `install-clients.ts` (launch plan → client configuration).
 * This file keeps the one import path the site's InstallConfigs component uses.
 */
export * from './install-plan.ts';
export * from './install-clients.ts';
