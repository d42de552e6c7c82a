// The view models of the unit directory (/office/units). src/departments/routes.tsx fills them.

export interface DirectoryUnitView {
  id: number;
  name: string;
  addresses: string[];
  rosters: number;
  comments: number;
  proposals: number;
}

/** What a file upload found: the changes (checked or made), or every problem by line. */
export interface DirectoryImportView {
  fileName: string | null;
  applied: boolean;
  charset: string | null;
  summary: string | null;
  changes: string[];
  /** The file as a whole, or its lines, refused: nothing was imported. */
  errors: string[];
}

/** A rename or merge form refused, shown again at its unit with the error and what was typed. */
export interface DirectoryRefusal {
  unitId: number;
  form: 'rename' | 'merge';
  value: string;
  error: string;
}

export interface DirectoryView {
  units: DirectoryUnitView[];
  import: DirectoryImportView | null;
  /** The upload form's own error (no file chosen). */
  fileError: string | null;
  refusal: DirectoryRefusal | null;
}
