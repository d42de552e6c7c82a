// A small IMAP server for tests: the office's mailbox is on another machine in production, so a
// fake stands in for it. It speaks the subset of IMAP4rev1 that imapflow uses to poll a mailbox
// (CAPABILITY, LOGIN, NAMESPACE, LIST, SELECT/EXAMINE, UID SEARCH, UID FETCH, UID STORE, NOOP,
// CLOSE, LOGOUT), with literals, and lets a test hold a FETCH or refuse a STORE.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeMessage {
  uid: number;
  raw: Buffer;
  flags: Set<string>;
  internalDate: Date;
}

export interface FakeMailbox {
  name: string;
  uidValidity: number;
  uidNext: number;
  messages: FakeMessage[];
}

export interface FakeImapOptions {
  user: string;
  pass: string;
}

let instances = 0;

export class FakeImapServer {
  readonly mailboxes = new Map<string, FakeMailbox>();
  /** Every command received, e.g. 'UID FETCH 3 (UID BODY.PEEK[])', for assertions. */
  readonly commands: string[] = [];
  /** When set, a UID FETCH waits for this promise before answering (to kill the client meanwhile). */
  holdFetch: (() => Promise<void>) | null = null;
  /** Called when a FETCH of a message body arrives. */
  onFetch: ((uid: number) => void) | null = null;
  /** When true, UID STORE answers NO (the flag is not set). */
  refuseStore = false;
  private server: Server | null = null;
  private sockets = new Set<Socket>();

  constructor(private readonly options: FakeImapOptions) {
    // Every fake mailbox is a different mailbox: UIDs of one must not look like UIDs of another.
    this.mailboxes.set('INBOX', { name: 'INBOX', uidValidity: 1_700_000_000 + ++instances, uidNext: 1, messages: [] });
  }

  get url(): string {
    const address = this.server?.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return `imap://${encodeURIComponent(this.options.user)}:${encodeURIComponent(this.options.pass)}@127.0.0.1:${port}`;
  }

  deliver(raw: Buffer, mailbox = 'INBOX', flags: string[] = [], internalDate = new Date()): number {
    const box = this.mailboxes.get(mailbox)!;
    const uid = box.uidNext++;
    box.messages.push({ uid, raw, flags: new Set(flags), internalDate });
    return uid;
  }

  message(uid: number, mailbox = 'INBOX'): FakeMessage | undefined {
    return this.mailboxes.get(mailbox)!.messages.find((m) => m.uid === uid);
  }

  async start(): Promise<void> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const state: { authenticated: boolean; selected: FakeMailbox | null; readOnly: boolean } = { authenticated: false, selected: null, readOnly: false };
    const write = (line: string | Buffer) => {
      if (!socket.destroyed) socket.write(line);
    };
    write('* OK [CAPABILITY IMAP4rev1 NAMESPACE LITERAL+] fake IMAP ready\r\n');

    let buffer = Buffer.alloc(0);
    let pendingLine = '';
    let literalLeft = 0;
    let literalChunks: Buffer[] = [];
    let queue = Promise.resolve();

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (literalLeft > 0) {
          if (buffer.length < literalLeft) {
            literalChunks.push(buffer);
            literalLeft -= buffer.length;
            buffer = Buffer.alloc(0);
            return;
          }
          literalChunks.push(buffer.subarray(0, literalLeft));
          buffer = buffer.subarray(literalLeft);
          literalLeft = 0;
          // The literal's bytes become a quoted string in the line being assembled.
          pendingLine += JSON.stringify(Buffer.concat(literalChunks).toString('utf8'));
          literalChunks = [];
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const part = buffer.subarray(0, end).toString('utf8');
        buffer = buffer.subarray(end + 2);
        const literal = /\{(\d+)(\+?)\}$/.exec(part);
        if (literal) {
          pendingLine += part.slice(0, literal.index);
          literalLeft = Number(literal[1]);
          if (!literal[2]) write('+ go ahead\r\n');
          continue;
        }
        const line = pendingLine + part;
        pendingLine = '';
        queue = queue.then(() => this.command(line, state, write, socket)).catch(() => {
          socket.destroy();
        });
      }
    });
  }

  private async command(
    line: string,
    state: { authenticated: boolean; selected: FakeMailbox | null; readOnly: boolean },
    write: (line: string | Buffer) => void,
    socket: Socket,
  ): Promise<void> {
    const [tag = '*', ...rest] = tokenize(line);
    let command = (rest.shift() ?? '').toUpperCase();
    let uidMode = false;
    if (command === 'UID') {
      uidMode = true;
      command = (rest.shift() ?? '').toUpperCase();
    }
    this.commands.push(`${uidMode ? 'UID ' : ''}${command} ${rest.join(' ')}`.trim());
    const ok = (text = 'done') => write(`${tag} OK ${text}\r\n`);
    const no = (text: string) => write(`${tag} NO ${text}\r\n`);
    const bad = (text: string) => write(`${tag} BAD ${text}\r\n`);

    switch (command) {
      case 'CAPABILITY':
        write('* CAPABILITY IMAP4rev1 NAMESPACE LITERAL+\r\n');
        return ok();
      case 'NOOP':
        return ok();
      case 'LOGOUT':
        write('* BYE see you\r\n');
        ok();
        socket.end();
        return;
      case 'LOGIN': {
        const [user, pass] = rest;
        if (user === this.options.user && pass === this.options.pass) {
          state.authenticated = true;
          write(`${tag} OK [CAPABILITY IMAP4rev1 NAMESPACE LITERAL+] logged in\r\n`);
        } else no('[AUTHENTICATIONFAILED] wrong user or password');
        return;
      }
    }
    if (!state.authenticated) return bad('log in first');

    switch (command) {
      case 'NAMESPACE':
        write('* NAMESPACE (("" "/")) NIL NIL\r\n');
        return ok();
      case 'LSUB':
      case 'LIST': {
        const pattern = rest[1] ?? '';
        if (pattern === '') write('* LIST (\\Noselect) "/" ""\r\n');
        else for (const name of this.mailboxes.keys()) write(`* LIST () "/" ${JSON.stringify(name)}\r\n`);
        return ok();
      }
      case 'SELECT':
      case 'EXAMINE': {
        const box = this.mailboxes.get(rest[0] ?? '');
        if (!box) return no('[NONEXISTENT] no such mailbox');
        state.selected = box;
        state.readOnly = command === 'EXAMINE';
        write('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n');
        write('* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] flags\r\n');
        write(`* ${box.messages.length} EXISTS\r\n`);
        write('* 0 RECENT\r\n');
        write(`* OK [UIDVALIDITY ${box.uidValidity}] uids valid\r\n`);
        write(`* OK [UIDNEXT ${box.uidNext}] next uid\r\n`);
        return ok(`[${state.readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${command} completed`);
      }
      case 'CLOSE':
        state.selected = null;
        return ok();
    }
    const box = state.selected;
    if (!box) return bad('select a mailbox first');

    switch (command) {
      case 'SEARCH': {
        const tests: ((m: FakeMessage) => boolean)[] = [];
        for (let i = 0; i < rest.length; i++) {
          const c = rest[i]!.toUpperCase();
          if (c === 'UNSEEN') tests.push((m) => !m.flags.has('\\Seen'));
          else if (c === 'SEEN') tests.push((m) => m.flags.has('\\Seen'));
          else if (c === 'SINCE') {
            // Whole days, by the message's internal date (RFC 3501).
            const day = Date.parse(`${rest[++i]} 00:00:00 UTC`);
            tests.push((m) => Date.UTC(m.internalDate.getUTCFullYear(), m.internalDate.getUTCMonth(), m.internalDate.getUTCDate()) >= day);
          } else if (c !== 'ALL') return bad(`search key ${c} is not supported here`);
        }
        const matches = box.messages.map((m, i) => ({ m, seq: i + 1 })).filter(({ m }) => tests.every((test) => test(m)));
        write(`* SEARCH${matches.map(({ m, seq }) => ` ${uidMode ? m.uid : seq}`).join('')}\r\n`);
        return ok();
      }
      case 'FETCH': {
        const targets = select(box, rest[0] ?? '', uidMode);
        const items = rest.slice(1).join(' ').toUpperCase();
        const wantsBody = /BODY(\.PEEK)?\[\]/.test(items);
        if (wantsBody && this.holdFetch) {
          for (const { m } of targets) this.onFetch?.(m.uid);
          await this.holdFetch();
        } else if (wantsBody) for (const { m } of targets) this.onFetch?.(m.uid);
        for (const { m, seq } of targets) {
          if (socket.destroyed) return;
          const parts: (string | Buffer)[] = [`* ${seq} FETCH (UID ${m.uid}`];
          if (/FLAGS/.test(items)) parts.push(` FLAGS (${[...m.flags].join(' ')})`);
          if (/RFC822\.SIZE/.test(items)) parts.push(` RFC822.SIZE ${m.raw.length}`);
          if (/INTERNALDATE/.test(items)) parts.push(` INTERNALDATE "${imapDate(m.internalDate)}"`);
          if (wantsBody) {
            parts.push(` BODY[] {${m.raw.length}}\r\n`, m.raw);
            if (!/BODY\.PEEK/.test(items) && !state.readOnly) m.flags.add('\\Seen');
          }
          parts.push(')\r\n');
          for (const part of parts) write(part);
        }
        return ok();
      }
      case 'STORE': {
        if (this.refuseStore || state.readOnly) return no('cannot store flags now');
        const targets = select(box, rest[0] ?? '', uidMode);
        const action = (rest[1] ?? '').toUpperCase();
        const flags = rest
          .slice(2)
          .join(' ')
          .replace(/[()]/g, ' ')
          .split(/\s+/)
          .filter(Boolean);
        for (const { m, seq } of targets) {
          if (action.startsWith('+')) for (const f of flags) m.flags.add(f);
          else if (action.startsWith('-')) for (const f of flags) m.flags.delete(f);
          else m.flags = new Set(flags);
          if (!action.endsWith('.SILENT')) write(`* ${seq} FETCH (UID ${m.uid} FLAGS (${[...m.flags].join(' ')}))\r\n`);
        }
        return ok();
      }
      default:
        return bad(`${command} is not supported here`);
    }
  }
}

/** Atoms, "quoted strings" (as their content) and parenthesised lists (kept as text). */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ') {
      i++;
    } else if (ch === '"') {
      let value = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\') i++;
        value += line[i] ?? '';
        i++;
      }
      i++;
      tokens.push(value);
    } else if (ch === '(') {
      let depth = 0;
      const start = i;
      do {
        if (line[i] === '(') depth++;
        else if (line[i] === ')') depth--;
        i++;
      } while (i < line.length && depth > 0);
      tokens.push(line.slice(start, i));
    } else {
      const start = i;
      // An atom may carry a section such as BODY.PEEK[HEADER.FIELDS (A B)].
      let brackets = 0;
      while (i < line.length && (brackets > 0 || line[i] !== ' ')) {
        if (line[i] === '[') brackets++;
        else if (line[i] === ']') brackets--;
        i++;
      }
      tokens.push(line.slice(start, i));
    }
  }
  return tokens;
}

function select(box: FakeMailbox, set: string, uidMode: boolean): { m: FakeMessage; seq: number }[] {
  const all = box.messages.map((m, i) => ({ m, seq: i + 1 }));
  const max = uidMode ? Math.max(0, ...box.messages.map((m) => m.uid)) : box.messages.length;
  const ranges = set.split(',').map((part) => {
    const [a, b = a] = part.split(':');
    const lo = a === '*' ? max : Number(a);
    const hi = b === '*' ? max : Number(b);
    return [Math.min(lo, hi), Math.max(lo, hi)] as const;
  });
  return all.filter(({ m, seq }) => ranges.some(([lo, hi]) => (uidMode ? m.uid : seq) >= lo && (uidMode ? m.uid : seq) <= hi));
}

function imapDate(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
