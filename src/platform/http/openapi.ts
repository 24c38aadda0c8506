import { z } from '@hono/zod-openapi';
import { AppError } from './errors.ts';

/** The shared error body, for documenting error responses. */
export const ErrorBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
    requestId: z.string(),
  })
  .openapi('Error');

/** `{ content: { 'application/json': { schema } }, description }` in one call. */
export function json<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}

/** A multipart request body with one binary field `file`. */
export function fileBody(description: string) {
  return {
    body: {
      required: true,
      description,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.custom<File>((v) => v instanceof File, 'Please choose a file.').openapi({ type: 'string', format: 'binary' }),
          }),
        },
      },
    },
  };
}

/** Error responses every protected route can give. */
export const errorResponses = {
  400: json(ErrorBody, 'Invalid input'),
  401: json(ErrorBody, 'Not logged in'),
  403: json(ErrorBody, 'Not allowed'),
} as const;

export const noContent = { 204: { description: 'Done' } } as const;

/** Reads the single uploaded `file` field of a multipart request. */
export async function readUpload(req: { parseBody: () => Promise<Record<string, unknown>> }): Promise<Buffer> {
  return (await readUploadFile(req)).data;
}

/** The uploaded `file` field with the name the client gave it (a hint for downloads, never trusted for type). */
export async function readUploadFile(
  req: { parseBody: () => Promise<Record<string, unknown>> },
): Promise<{ data: Buffer; name: string }> {
  let form: Record<string, unknown>;
  try {
    form = await req.parseBody();
  } catch {
    throw new AppError('bad_request', 'Expected a multipart form with a file.');
  }
  const file = form.file;
  if (!(file instanceof File)) {
    throw new AppError('validation_failed', 'Please choose a file.', [{ path: 'file', message: 'required', code: 'required' }]);
  }
  return { data: Buffer.from(await file.arrayBuffer()), name: file.name };
}
