import type { Command } from 'commander';
import { registerAdminCommand } from './admin.ts';
import { registerBackupCommand } from './backup.ts';
import { registerDemoCommand } from './demo.ts';
import { registerRestoreCommand } from './restore.ts';

/** Operator commands beyond start/migrate/build: admin, demo, backup, restore. */
export function registerCommands(program: Command): void {
  registerAdminCommand(program);
  registerDemoCommand(program);
  registerBackupCommand(program);
  registerRestoreCommand(program);
}
