#!/usr/bin/env node
// The CLI is TypeScript run by Node's built-in type stripping (Node >= 22.18 / 24).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `Treffpunkt needs Node.js 22.18 or newer (found ${process.versions.node}). ` +
      'Run it through npm (npm start / npx treffpunkt), which uses the Node 24 installed into node_modules.',
  );
  process.exit(1);
}
// Node keeps the compiled code of our ~1,700 modules on disk between starts (about half a second
// less per start); the cache lives in the OS temp directory and is checked against each file.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('../src/cli/main.ts');
