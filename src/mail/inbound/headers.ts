// Headers, read cheaply from the raw bytes: no MIME parsing happens before a message is stored,
// yet storing needs its Message-ID and filing needs a few headers (recipients, auto-reply marks).
// Pure.

const MAX_HEADER_BYTES = 256 * 1024;

/** The header section as text (bytes as Latin-1: header names and Message-IDs are ASCII), unfolded. */
export function rawHeaderText(raw: Uint8Array): string {
  const limit = Math.min(raw.length, MAX_HEADER_BYTES);
  let end = limit;
  for (let i = 0; i < limit - 1; i++) {
    // A blank line ends the headers: \n\n or \n\r\n.
    if (raw[i] === 0x0a && (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a))) {
      end = i;
      break;
    }
  }
  return latin1(raw.subarray(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

// One character per byte, by hand: not every runtime's TextDecoder knows Latin-1.
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/** Every value of one header, in order. */
export function headerValues(headerText: string, name: string): string[] {
  const pattern = new RegExp(`^${name.replace(/[-]/g, '\\-')}[ \\t]*:[ \\t]*(.*)$`, 'gim');
  return [...headerText.matchAll(pattern)].map((m) => m[1]!.trim());
}

/** The Message-ID as `<local@domain>`, or null when there is none worth trusting. */
export function scanMessageId(raw: Uint8Array): string | null {
  const value = headerValues(rawHeaderText(raw), 'message-id')[0];
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed ? bracketed[1]! : value.replace(/\s+/g, '');
  if (!id || id.length > 900) return null;
  return `<${id}>`;
}
