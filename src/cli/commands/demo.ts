import type { Command } from 'commander';
import { runDemo } from '../../demo/index.ts';
import { createStorage } from '../../platform/storage/index.ts';
import { progressToStderr, withApp } from './context.ts';

/** `treffpunkt demo`: fills an empty install with a German demo community. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'fill a new, empty install with a demo community (German profiles, avatars, an owner and members)',
    )
    .action(async () => {
      const summary = await withApp((app, { config, logger }) =>
        runDemo({
          app,
          storage: createStorage(config),
          maxBytes: config.UPLOAD_MAX_BYTES,
          logger,
          log: progressToStderr,
        }),
      );
      const owner = summary.people.find((p) => p.role === 'owner');
      const member = summary.people.find((p) => p.key === 'member');
      console.log('The demo community is ready. Log in as');
      if (owner) console.log(`  owner:  ${owner.email}`);
      if (member) console.log(`  member: ${member.email}`);
      console.log(`Password for every demo account: ${summary.password}`);
      console.log(
        'These accounts and this password are for demos only; never use them for a real community.',
      );
    });
}
