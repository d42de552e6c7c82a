// Small rules the office's forms and commands share. Pure.
export { parseBeijingInput } from '../lib/time.ts';

/** Length in characters as a reader counts them (an astral character is one). */
export function length(text: string): number {
  return [...text].length;
}

export const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
