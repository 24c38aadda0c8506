import { installJobSchema } from '../../src/platform/jobs/index.ts';

/**
 * Work done once on the template database after migrations, so that every cloned test database
 * starts ready (e.g. the job queue's own schema). Kept separate so it can grow with the platform.
 */
export async function prepareTemplate(url: string): Promise<void> {
  // pg-boss creates its schema on first start; doing it here keeps per-file clones fast.
  await installJobSchema(url);
}
