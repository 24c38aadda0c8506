export { type BackupOptions, createBackup } from './backup.ts';
export { type Manifest, parseManifest } from './manifest.ts';
export {
  MUST_BE_EMPTY,
  RestoreError,
  type RestoreOptions,
  type RestoreResult,
  restoreBackup,
} from './restore.ts';
