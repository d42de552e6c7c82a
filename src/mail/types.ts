// The contract between reading a message (pure: src/mail/read.ts, src/mail/understand.ts) and
// the doors and storage around it (SMTP, IMAP, files; src/mail/inbound/). Neither side imports
// the database or Hono through this file.

/** A decoded message: headers, clean text with quoted history removed, attachments. */
export interface ReadMessage {
  messageId: string | null;
  subject: string;
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  /** The Date header, if it parses. */
  date: Date | null;
  /** Times from Received headers, in the order they appear (newest first), where they parse. */
  received: Date[];
  /** The sender's own words: HTML turned into text, signatures kept, quoted history removed. */
  text: string;
  /** True when a quoted part was found and removed (for the officer's view). */
  quotedRemoved: boolean;
  attachments: ReadAttachment[];
  /** 'zh-CN' unless the sender wrote in English. */
  locale: 'zh-CN' | 'en';
  /** Problems met while decoding (bad charset, unreadable attachment): kept for the officer. */
  warnings: MailProblem[];
  /** Set when the message could not be decoded at all (the raw bytes must still be kept). */
  failed?: MailProblem | null;
  /** Mass-mail markers (List-Unsubscribe, Precedence: bulk): one signal among others for spam. */
  bulk?: boolean;
  /** Set when reading stopped at a limit (see MailLimits): what was read so far is kept, nothing more. */
  limit?: LimitBreach | null;
}

export interface MailLimits {
  /** Bytes the parts we read of one .docx or .xlsx attachment may decompress to, together. */
  maxUnpackedBytes: number;
  /** Characters of text one attachment may give. */
  maxAttachmentChars: number;
  /** Characters of text one message may give, its body and attachments together. */
  maxMessageChars: number;
  /** Milliseconds one message may take to read and understand. */
  maxMillis: number;
}

export type LimitCode = 'unpacked' | 'attachment-text' | 'message-text' | 'time' | 'memory';

/** Which limit a message went over, with the figures an officer is told. */
export interface LimitBreach {
  code: LimitCode;
  /** The attachment's name (or type), for the limits that concern one attachment. */
  attachment?: string | null;
  /** What the message came to, in the limit's unit (bytes or characters), where known. */
  size?: number | null;
  limit: number;
}

/**
 * Something met while reading a message, as a code and its parameters; the words are the
 * dictionary's (`mail.problem.<code>` in src/lib/messages/mail.ts), in the reader's language.
 */
export type MailProblem =
  /** The message is empty. */
  | { code: 'empty' }
  /** MIME could not be parsed at all; `error` is the parser's own (technical) message. */
  | { code: 'unparseable'; params: { error: string } }
  /** A text attachment in a charset that could not be recognised. */
  | { code: 'attachment-charset'; params: { name: string } }
  /** A .docx or .xlsx attachment that could not be read, and why (a code of `file.error.*`). */
  | { code: 'attachment-unreadable'; params: { name: string; format: 'docx' | 'xlsx'; why: FileProblemCode; entry?: string } }
  | { code: 'old-word'; params: { name: string } }
  | { code: 'old-excel'; params: { name: string } }
  /** The body's charset was missing or wrong, and was recognised from the bytes. */
  | { code: 'body-charset-recovered' }
  /** The body has characters that could not be decoded. */
  | { code: 'body-charset-bad' }
  /**
   * Reading stopped at a limit (see MailLimits): `name` the attachment, `size` what it came to
   * (bytes unpacked, or characters), `max` the limit in the same unit (milliseconds for time,
   * bytes for memory).
   */
  | { code: 'over-limit'; params: { limit: LimitCode; name?: string; size?: number; max: number } };

export type MailProblemCode = MailProblem['code'];

/** Why a Word or Excel file could not be read (src/lib/docx.ts, src/lib/xlsx.ts). */
export type FileProblemCode = 'not-zip' | 'no-document' | 'no-workbook' | 'unsupported' | 'zip64' | 'corrupt' | 'too-large';

/**
 * Why a message was set aside (spam), not filed (unassigned) or needs a person (needs-attention):
 * a code and its parameters, worded by the dictionary (`mail.reason.<code>`) for whoever reads it.
 */
export type MailReason =
  /** The message could not be read: the problem says why. */
  | { code: 'unreadable'; params: { problem: MailProblem } }
  /** The understanding itself failed (a bug): kept for an officer with the error. */
  | { code: 'understanding-failed'; params: { error: string } }
  /** Filing failed (the database, say): kept with the error, read again at the next start. */
  | { code: 'failed'; params: { error: string } }
  /** Spam signals (codes of src/mail/spam.ts) and, for links, how many. */
  | { code: 'spam'; params: { signals: SpamSignal[] } }
  | { code: 'forced-consultation-missing'; params: { id: number } }
  | { code: 'no-consultation' }
  /** Attachments that may hold the comments but were not read (names as sent). */
  | { code: 'attachment-not-read'; params: { names: string[] } }
  | { code: 'pointer-without-attachment' }
  | { code: 'only-quoted'; params: { problems: MailProblem[] } }
  | { code: 'no-opinion'; params: { problems: MailProblem[] } };

export type MailReasonCode = MailReason['code'];

/** A spam signal: its code, and for 'links' how many links. */
export interface SpamSignal {
  code: 'invoice-offer' | 'invoice-notice' | 'lottery' | 'seo' | 'loan' | 'promotion' | 'contact-bait' | 'unsubscribe' | 'ad-mark' | 'click-here' | 'links' | 'bulk' | 'marketing-sender';
  count?: number;
}

export interface ReadAttachment {
  filename: string | null;
  contentType: string;
  content: Uint8Array;
  /** 'feedback' when its text was read as comments (text files, .docx); 'kept' otherwise. */
  disposition: 'feedback' | 'kept';
  text: string | null;
}

/** What the pipeline knows when it reads a message. Built from the database by the caller. */
export interface IntakeContext {
  /** Envelope recipients (SMTP RCPT TO) or, for IMAP/files, the To/Cc/Delivered-To addresses. */
  recipients: string[];
  /** When our side received it: server clock for live delivery. */
  receivedAt: Date;
  /** 'live' (SMTP listener): time it by receivedAt. 'imported' (IMAP, files): by Received/Date. */
  timing: 'live' | 'imported';
  /** A consultation named by the caller (mail:import --consultation SLUG); wins over guessing. */
  forcedConsultationId: number | null;
  /** An officer said this message is not spam: the spam check is skipped. */
  notSpam?: boolean;
  consultations: IntakeConsultation[];
  units: IntakeUnit[];
}

export interface IntakeConsultation {
  id: number;
  slug: string;
  title: string;
  /** Full addresses that deliver to this consultation (intake address, and the notice's own). */
  addresses: string[];
  opensAt: Date | null;
  /** The effective close: closed early, or the deadline. */
  closesAt: Date | null;
  blocks: IntakeBlock[];
  /** Units on this consultation's roster. */
  rosterUnitIds: number[];
  /** Addresses this consultation's invitations went to, with the unit each was for. */
  invitedAddresses?: { address: string; unitId: number }[];
}

export interface IntakeBlock {
  id: number;
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  /** As shown to readers: 「第五条」, 「1.」, 「（二）」, 「一、」. */
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  /** The block's key in the draft ('i4', 's2-1'), as the public API names it. */
  key?: string | null;
  /** The enclosing block (an item's article), to name 第五条（二） and tell equal numbers apart. */
  parentId?: number | null;
}

export interface IntakeUnit {
  id: number;
  name: string;
  addresses: string[];
}

export type Outcome = 'comments' | 'no-comments' | 'spam' | 'unassigned' | 'needs-attention';

/** What yijian understood from one message: the line `mail:import --json` prints, plus ids. */
export interface Understanding {
  consultationId: number | null;
  outcome: Outcome;
  /** Why: for spam, unassigned and needs-attention, shown to the officer in their language. */
  reason: MailReason | null;
  /** The unit the sender's address belongs to (a unit's address, or one its invitation went to). */
  unitId: number | null;
  /** The unit's name, or null for an individual or organisation writing by email. */
  unitName: string | null;
  /** How the unit was known: its own address, or an address this consultation's invitation went to. */
  unitBy?: 'address' | 'invitation' | null;
  /**
   * For an unknown sender, the rostered unit its display name or signature names (a department
   * writing from a personal address): filed with the message as PROPOSED, never counted as the
   * unit's until an officer confirms it.
   */
  proposedUnit?: ProposedUnit | null;
  /**
   * The names matched more than one unit (区发改委 beside 市发改委, say): nothing is proposed, and
   * the candidates are kept for the officer.
   */
  unitAmbiguity?: { name: string; candidates: { id: number; name: string }[] } | null;
  /** The instant used to decide lateness. */
  sentAt: Date;
  late: boolean;
  /** The sender's opinions, each on a paragraph or on the whole draft: what is filed as comments. */
  comments: UnderstoodComment[];
  /**
   * The sender has no objection to the parts of the draft it did not comment on: it said so
   * (「其他内容无意见」「其余条款无修改意见」, a form's 「其他条款 | 无意见」 row), or said 无意见 on
   * the whole draft. With no comments this is the unit's 无意见; with comments it is stored beside
   * them, never filed as a comment.
   */
  noObjectionOnRest: boolean;
  /**
   * Every paragraph (or sentence) of the sender's own words that is not an opinion, with its kind,
   * in the order written (body first, then attachments): the office sees why it was not filed.
   */
  nonOpinions: NonOpinion[];
  /**
   * Unit names the sender signs with — in the From display name, then in the signature block
   * (「区生态环境局」「区发改委办公室」「反馈单位：…」) — as written, for matching against the roster.
   */
  unitNames: string[];
}

export interface ProposedUnit {
  id: number;
  name: string;
  /** The name as the sender wrote it (「区发改委规划股」), and where. */
  as: string;
  from: 'display-name' | 'signature';
  /** How it matched: the same name, the same name with another place prefix or form, or a part of the unit (a 股 or 科). */
  match: 'same' | 'abbreviation' | 'place' | 'division';
}

/** Where a text came from: the body, or attachment n (0-based, as in ReadMessage.attachments). */
export type TextSource = { kind: 'body' } | { kind: 'attachment'; index: number };

export interface UnderstoodComment {
  /** The block the text names, or null for a comment on the whole draft. */
  blockId: number | null;
  text: string;
  source: TextSource;
}

export type NonOpinionKind =
  | 'salutation'
  | 'receipt'
  | 'pointer'
  | 'signoff'
  | 'signature'
  | 'date'
  | 'contact'
  | 'caption'
  | 'general-remark'
  | 'no-objection';

export interface NonOpinion {
  /**
   * salutation 「区发改委：」「您好！」; receipt 「你委……收悉」「经研究，现将意见反馈如下：」;
   * pointer 「详细意见见附件」; signoff 「以上意见供参考」「此致」; signature (unit or person);
   * date; contact 「（联系人：……，电话：……）」; caption (a letter's or form's title, a table's
   * header row); general-remark 「其他内容无意见」 (no objection on the rest); no-objection
   * 「我局无意见」「对第3项无意见」.
   */
  kind: NonOpinionKind;
  text: string;
  source: TextSource;
}
