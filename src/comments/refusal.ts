// A submission refused for a reason the commenter cannot fix in the form (an expired page, a
// closed window, too many submissions): the refusal carries what they typed, so that the page
// or fragment that says no also gives the text back and nothing is lost.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type AppErrorDetail } from '../http/errors.ts';
import type { CommentFormValues, CommentTarget } from '../../views/comments/models.ts';

export interface RefusedSubmissionDetail {
  slug: string;
  title: string;
  values: CommentFormValues;
  target: CommentTarget;
}

export class SubmissionRefused extends AppError {
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    readonly submission: RefusedSubmissionDetail,
    detail: AppErrorDetail = {},
  ) {
    super(status, code, message, detail);
  }
}

/** Refuses with the typed text when there is a submission to give back, plainly otherwise. */
export function refusal(status: ContentfulStatusCode, code: string, message: string, submission: RefusedSubmissionDetail | undefined, detail: AppErrorDetail = {}): AppError {
  return submission ? new SubmissionRefused(status, code, message, submission, detail) : new AppError(status, code, message, detail);
}
