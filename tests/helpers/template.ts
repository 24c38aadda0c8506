/**
 * Work done once on the template database after migrations, so that every cloned test database
 * starts ready (e.g. the job queue's own schema). Kept separate so it can grow with the platform.
 */
export async function prepareTemplate(_url: string): Promise<void> {}
