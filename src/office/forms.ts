// Reading the office's form fields: trimmed text with a length limit. Pure.
export { parseBeijingInput } from '../lib/time.ts';

export function field(form: Record<string, string | File>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Length in characters as a reader counts them (an astral character is one). */
export function length(text: string): number {
  return [...text].length;
}

export const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
