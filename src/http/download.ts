// Headers for a download: always a file to save, never rendered by the browser as part of our
// site. One helper for the files we write (reports) and the files someone else wrote (a mail
// attachment, a raw message), which also get the safe content-type rule. Pure.

// Types a browser may be told as they are: none of them runs script or renders as a page on our
// origin. Anything else (text/html, image/svg+xml, XML, scripts, unknown types) goes out as
// application/octet-stream.
const SAFE_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/wps-office.doc',
  'application/wps-office.docx',
  'application/wps-office.xls',
  'application/wps-office.xlsx',
  'application/vnd.ms-works',
  'application/rtf',
  'application/zip',
  'application/x-zip-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/x-7z-compressed',
  'application/gzip',
  'application/ofd',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'text/plain',
  'text/csv',
  'audio/mpeg',
  'audio/wav',
  'audio/amr',
  'video/mp4',
]);

/** The Content-Type to send for a stored type: the type itself if it is harmless, else octet-stream. */
export function downloadContentType(stored: string | null | undefined): string {
  const type = (stored ?? '').split(';')[0]!.trim().toLowerCase();
  return SAFE_TYPES.has(type) ? type : 'application/octet-stream';
}

/** A file name as the sender gave it, without path, control characters or surrounding dots. */
export function cleanFilename(name: string | null | undefined, fallback: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 200);
  return cleaned || fallback;
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
function rfc5987(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((b) => (b < 0x80 && /[A-Za-z0-9!#$&+\-.^_`|~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''…` (RFC 6266 / RFC 5987): the UTF-8
 * name for every current browser, a plain ASCII one for the rest (by default the name itself with
 * anything outside printable ASCII replaced).
 */
export function attachmentDisposition(filename: string, asciiFallback?: string): string {
  const ascii = (asciiFallback ?? filename).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`;
}

export interface Download {
  filename: string;
  /** Sent as it is: for files we write ourselves. Someone else's file goes through `downloadContentType`. */
  contentType: string;
  /** A plain ASCII name for old clients, when the name itself would come out as underscores. */
  asciiFilename?: string;
}

/** The headers of every download: the type, attachment with the name in UTF-8, no sniffing. */
export function attachmentHeaders(file: Download): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Disposition': attachmentDisposition(file.filename, file.asciiFilename),
    'X-Content-Type-Options': 'nosniff',
  };
}

/** Every header a download of someone else's file carries: a harmless type only, and never cached. */
export function downloadHeaders(filename: string, storedType: string | null | undefined): Record<string, string> {
  return { ...attachmentHeaders({ filename, contentType: downloadContentType(storedType) }), 'Cache-Control': 'private, no-store' };
}
