export {
  cleanFileName,
  createFileService,
  type FileKind,
  type FileRecord,
  type FileService,
  type FileServiceDeps,
  type StoreInput,
} from './files.ts';
export { contentDisposition, type FilesModuleOptions, filesModule } from './route.ts';
export {
  assertSafeKey,
  createLocalStorage,
  createS3Storage,
  createStorage,
  type S3Options,
  type Storage,
} from './storage.ts';
