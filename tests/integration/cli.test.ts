import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('treffpunkt CLI', () => {
  it('starts under Node 24 and lists every operator command', () => {
    // One spawned process: starting the CLI is slow, and the commands themselves are tested in-process.
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/node'), ['bin/treffpunkt.js', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    for (const command of ['start', 'migrate', 'build', 'admin', 'demo', 'backup', 'restore']) {
      expect(out).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });
});
