// Search keys: traditional folded to simplified, full-width to half-width, case folded, so that
// 現在 finds 现在 and ＡＢＣ finds abc.
import * as OpenCC from 'opencc-js/t2cn';

let converter: ((text: string) => string) | null = null;

export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return converter(text);
}

export function searchKey(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}
