export interface PublicComment {
  body: string;
  author: string;
  organization: string | null;
  publishedAt: string;
  blockLabel: string | null;
}

export interface CommentFormValues {
  body: string;
  name: string;
  organization: string;
  email: string;
  phone: string;
  paragraphId: string;
  /** The consent box for contact details was ticked. */
  consent: boolean;
}

export type FieldErrors = Partial<Record<keyof CommentFormValues, string>>;

export interface CommentTarget {
  key: string | null;
  /** "第4项" style label, or null for the whole draft. */
  label: string | null;
  text: string | null;
}
