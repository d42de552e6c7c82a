// View models of the office's personal-information pages (/office/privacy).

export interface PersonCommentView {
  trackingNumber: string;
  consultationTitle: string;
  received: string;
  channel: string;
  /** 「保留中」 or 「已于 … 删除」. */
  state: string;
}

/** What is held about the commenter of one tracking number, for the officer to check and act on. */
export interface PersonView {
  trackingNumber: string;
  names: string[];
  emails: string[];
  phones: string[];
  comments: PersonCommentView[];
  messageCount: number;
  mailCount: number;
}

export interface RetentionRowView {
  title: string;
  resultsPublished: string;
  due: string;
  state: string;
}

export interface PrivacyPageView {
  /** The tracking number as typed, '' before a search. */
  query: string;
  /** Why nothing is shown for the query (not found, not a tracking number). */
  lookupError: string | null;
  person: PersonView | null;
  eraseError: string | null;
  retentionIntro: string;
  retention: RetentionRowView[];
  canEditNotice: boolean;
}

export interface NoticeFormView {
  intro: string;
  values: { zh: string; en: string };
  defaults: { zh: string; en: string };
  errors: { zh?: string; en?: string };
}
