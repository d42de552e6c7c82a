export type BlockKind = 'heading' | 'article' | 'item' | 'paragraph';

export interface Responsible {
  lead: string[];
  support: string[];
}

/** One node of a parsed draft: the shape both `import --dry-run --json` and the public API serve. */
export interface DraftNode {
  id: string;
  kind: BlockKind;
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  responsible: Responsible;
  children: DraftNode[];
}

/** A parsed node before it is stored: it remembers where it came from in the input. */
export interface ParsedNode extends DraftNode {
  children: ParsedNode[];
  line: number;
  source: string;
}

export interface SetAsideLine {
  line: number;
  text: string;
  /** Stable machine code, e.g. "breadcrumb"; the message says it in Chinese. */
  code: string;
  message: string;
}

export interface ImportWarning {
  code: string;
  message: string;
  line: number | null;
}

export interface DraftMeta {
  noticeTitle: string | null;
  pageStatus: string | null;
  draftStage: string | null;
  issuer: string | null;
  drafter: string | null;
  publishedDate: string | null;
  openingDate: string | null;
  deadline: string | null;
  email: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  documentNumber: string | null;
  salutation: string | null;
  frontMatter: string[];
  notice: string[];
  signature: { issuer: string | null; date: string | null } | null;
}

export interface ImportReport {
  setAside: SetAsideLine[];
  warnings: ImportWarning[];
  glossesRemoved: number;
  stats: {
    nonBlankLines: number;
    bodyLines: number;
    metaLines: number;
    setAsideLines: number;
    blocks: number;
    commentable: number;
  };
}

export interface ParsedDraft {
  title: string | null;
  meta: DraftMeta;
  report: ImportReport;
  body: ParsedNode[];
}

export type DraftFormat = 'text' | 'markdown';
