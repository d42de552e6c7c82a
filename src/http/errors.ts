import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CommentFormValues, CommentTarget } from '../../views/models.ts';

export interface RefusedSubmissionDetail {
  slug: string;
  title: string;
  values: CommentFormValues;
  target: CommentTarget;
}

/**
 * An error the user should read: a stable code for the API, a message in the user's language,
 * and, when a submission is refused, what they typed so that nothing is lost.
 */
export class AppError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly detail: {
      refused?: RefusedSubmissionDetail;
      fields?: Record<string, string>;
      retryAfterSeconds?: number;
      heading?: string;
    } = {},
  ) {
    super(status, { message });
  }
}
