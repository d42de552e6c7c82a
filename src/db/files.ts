/**
 * Object storage beside the database, for bytes too large for a database row: raw inbound
 * messages and their attachments. Workers give one (R2, since a D1 row holds about 2 MB at most);
 * on Node the bytes stay in their SQLite rows and there is no file store.
 *
 * Keys are content-addressed by the caller, so writing the same key twice writes the same bytes
 * and a retried or duplicated write is harmless.
 */
export interface FileStore {
  /** Resolves once the object is durably stored. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no object of that key. */
  get(key: string): Promise<Uint8Array | null>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key of a raw message: its SHA-256, so the same message is one object however often it arrives. */
export function rawMessageKey(sha256: string): string {
  return `mail/raw/${sha256}.eml`;
}

/** The key of an attachment's content: its SHA-256 (the same file sent twice is one object). */
export function attachmentKey(sha256: string): string {
  return `mail/attachments/${sha256}`;
}

/** The bytes of a row whose BLOB moves to the file store when there is one. */
export async function storedBytes(files: FileStore | undefined, inRow: Uint8Array, key: string | null): Promise<Uint8Array | null> {
  if (key === null) return inRow;
  if (!files) throw new Error(`the bytes of ${key} are in a file store, and this platform has none`);
  return files.get(key);
}

export const EMPTY_BYTES = new Uint8Array(0);
