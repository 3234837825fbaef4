#!/usr/bin/env node
// Run after any `npm install` that rewrites package-lock.json: `node .ci/complete-lockfile.mjs`.
// npm ci refuses a lock without entries for every optional platform binding; the registry reachable
// here lacks some of them, so add their entries (platform fields only, never installed on linux-x64).
import { readFileSync, writeFileSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const want = {
  'android-arm64': { cpu: ['arm64'], os: ['android'] },
  'darwin-arm64': { cpu: ['arm64'], os: ['darwin'] },
  'darwin-x64': { cpu: ['x64'], os: ['darwin'] },
  'linux-arm64-gnu': { cpu: ['arm64'], libc: ['glibc'], os: ['linux'] },
  'linux-arm64-musl': { cpu: ['arm64'], libc: ['musl'], os: ['linux'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { cpu: ['arm64'], os: ['win32'] },
  'win32-x64-msvc': { cpu: ['x64'], os: ['win32'] },
};
const pk = lock.packages;
const keys = Object.keys(pk);
for (const [suffix, fields] of Object.entries(want)) {
  const key = `node_modules/@astrojs/compiler-binding-${suffix}`;
  if (pk[key]) continue;
  pk[key] = { version: '0.5.1', ...fields, license: 'MIT', optional: true, engines: { node: '^20.19.0 || >=22.12.0' } };
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
