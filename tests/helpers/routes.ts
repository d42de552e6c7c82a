// Walking the route table: every route the app mounts, and a concrete URL for each pattern.
import { CJ } from './app.ts';

/**
 * A URL for a route pattern: `:slug` → a real consultation, `:format` → csv, `:name` → the
 * stylesheet, `:key` → an item, any other `:param` → 1, `{a|b}` → a; or every parameter the given
 * hostile value.
 */
export function concretePath(pattern: string, hostile?: string): string {
  return pattern
    .replace(/:([A-Za-z]+)\{([^|}]+)[^}]*\}/g, (_m, _name, first: string) => first.replace(/\\/g, ''))
    .replace(/:slug/g, hostile ?? CJ)
    .replace(/:format/g, hostile ?? 'csv')
    .replace(/:name/g, hostile ?? 'app.css')
    .replace(/:key/g, hostile ?? 'i4')
    .replace(/:[A-Za-z]+/g, hostile ?? '1');
}
