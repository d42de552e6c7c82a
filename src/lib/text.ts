// Small text helpers shared by the cores and the views.

/** The first `length` characters (as a reader counts them), with 「…」 when cut. */
export function firstWords(text: string | null, length = 16): string {
  if (!text) return '';
  const chars = [...text];
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text;
}

/** A file's size as people read it: 「350 KB」, 「1.2 MB」 (units are the same in both languages). */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}
