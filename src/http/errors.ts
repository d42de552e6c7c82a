import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface AppErrorDetail {
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
  heading?: string;
}

/**
 * An error the user should read: a stable code for the API and a message in the user's
 * language. The one onError (app.tsx) turns it into a page, a fragment or JSON.
 */
export class AppError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly detail: AppErrorDetail = {},
  ) {
    super(status, { message });
  }
}
