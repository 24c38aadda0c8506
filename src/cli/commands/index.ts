import type { Command } from 'commander';

/** Operator commands beyond start/migrate/build: admin, demo, backup, restore. */
export function registerCommands(_program: Command): void {}
