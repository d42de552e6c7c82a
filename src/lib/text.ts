// Small text helpers shared by the cores and the views.

/** The first `length` characters (as a reader counts them), with 「…」 when cut. */
export function firstWords(text: string | null, length = 16): string {
  if (!text) return '';
  const chars = [...text];
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text;
}
