// Walks the whole route table (public and office, as office-roles.test.ts walks it) with a corpus
// of malformed input — broken multipart, invalid UTF-8, NUL, huge and negative numbers, wrong
// content types, 10 MB bodies, path traversal, unknown ids — as an anonymous visitor and as each
// role, and asserts that nothing answers 5xx, no response carries a stack trace, and the app still
// answers at the end. Forms are filled with every field name the office's pages use, so that the
// hostile values reach the parsers behind the CSRF check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRole } from '../../src/db/schema.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { concretePath } from '../helpers/routes.ts';

const ROLES: OfficerRole[] = ['admin', 'officer', 'moderator'];
type Who = OfficerRole | 'anonymous';

let t: TestApp;
const clients = new Map<Who, TestClient>();
const fieldNames = new Set<string>(['_csrf', 'body', 'paragraphId', 'page', 'id', 'ids', 'version', 'consultation', 'q', 'text', 'title', 'slug']);

beforeAll(async () => {
  t = await createTestApp({ mailMaxBytes: 1024 * 1024 });
  const anonymous = t.client('192.0.2.50');
  // The comment form hands out a CSRF token, so that hostile forms get past the token check.
  await anonymous.openForm(CJ, 'i4');
  clients.set('anonymous', anonymous);
  for (const role of ROLES) clients.set(role, await signIn(t, role, { address: `192.0.2.${ROLES.indexOf(role) + 10}` }));
  // Every field name the pages offer, read from the admin's view of every GET page.
  const admin = clients.get('admin')!;
  for (const route of routes().filter((r) => r.method === 'GET')) {
    const { html } = await admin.get(concretePath(route.path));
    for (const match of html.matchAll(/\sname="([^"]{1,60})"/g)) fieldNames.add(match[1]!);
  }
});
afterAll(() => t.close());

interface Route {
  method: string;
  path: string;
}

function routes(): Route[] {
  const seen = new Map<string, Route>();
  for (const route of t.app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/** Path parameters no route expects: unknown, huge, negative, not numbers, traversal, bad escapes. */
const HOSTILE_PARAMS = [
  '99999999999999999999',
  '-1',
  '0',
  '1e400',
  'abc',
  'no-such-thing',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2E%2E',
  '%00',
  '%FF%FE',
  '%E4%B8',
  encodeURIComponent('测试'),
];

/** Query strings full of trouble, for every GET: numbers past any integer, and just inside one. */
const HOSTILE_QUERIES = [
  '?page=99999999999999999999&perPage=99999999999999999999&before=-5&after=1e400&tab=%00&q=%FF%FE&on=..%2F..%2Fx' +
    '&status=%00&channel=zzz&decision=1e9&group=%00&lang=xx&no=%00%00&format=..%2F..%2Fetc%2Fpasswd&consultation=-1&paragraph=%FF&unit=99999999999999999999',
  '?page=999999999999999&perPage=9007199254740991&before=9007199254740993&group=999999999999999&unit=999999999999999&consultation=999999999999999&paragraph=i4&q=%25%5F%5C',
];

/** Values every field gets in turn. */
const HOSTILE_VALUES = ['99999999999999999999', '-1', '1e400', 'NaN', '\u0000\u0000', '\uFFFE\uD800', '../../../../etc/passwd', '<script>alert(1)</script>', 'x'.repeat(20_000), ''];

function formOf(csrf: string, value: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const name of fieldNames) form.append(name, name === '_csrf' ? csrf : value);
  return form;
}

function latin1(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff) as Uint8Array<ArrayBuffer>;
}

/** Bodies no form expects, each with the content type it claims. */
function hostileBodies(csrf: string): { label: string; body: BodyInit; type: string | null }[] {
  const boundary = 'hostile-boundary';
  const bodies: { label: string; body: BodyInit; type: string | null }[] = [
    { label: 'multipart cut off mid-part', type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-da` },
    { label: 'multipart without a boundary', type: 'multipart/form-data', body: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--x--\r\n` },
    { label: 'multipart with a file in every field', type: `multipart/form-data; boundary=${boundary}`, body: [...fieldNames].map((name) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${name === '_csrf' ? '' : '; filename="../../x.eml"'}\r\nContent-Type: application/octet-stream\r\n\r\n${name === '_csrf' ? csrf : '\u0000\u00ff'}\r\n`).join('') + `--${boundary}--\r\n` },
    { label: 'invalid UTF-8 in a form', type: 'application/x-www-form-urlencoded', body: latin1(`_csrf=${encodeURIComponent(csrf)}&${[...fieldNames].map((n) => `${n}=%FF%FE%C0%AF\xff\xfe`).join('&')}`) },
    { label: 'a form that is not urlencoded', type: 'application/x-www-form-urlencoded', body: `_csrf=${encodeURIComponent(csrf)}&%%%&=&&==%zz` },
    { label: 'JSON cut off', type: 'application/json', body: '{"body": "abc' },
    { label: 'JSON of the wrong shape', type: 'application/json', body: '[1, {"body": {"$gt": ""}}, null, 1e400]' },
    { label: 'invalid UTF-8 in JSON', type: 'application/json', body: latin1('{"body":"\xff\xfe\xc0\xaf","paragraphId":"\xed\xa0\x80"}') },
    { label: 'no content type', type: null, body: 'garbage\u0000garbage' },
    { label: 'an XML body', type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><x>&a;</x>' },
    { label: '10 MB', type: 'application/x-www-form-urlencoded', body: new Uint8Array(10 * 1024 * 1024).fill(0x61) },
  ];
  for (const value of HOSTILE_VALUES) bodies.push({ label: `every field ${JSON.stringify(value.slice(0, 24))}`, type: 'application/x-www-form-urlencoded', body: formOf(csrf, value) });
  return bodies;
}

const STACK_TRACE = /\n\s+at\s|\bat [\w$.<>]+ \([^)]*:\d+:\d+\)|node_modules\/|\/src\/[\w/-]+\.tsx?:\d+|\b(TypeError|RangeError|SyntaxError|SqliteError):/;

interface Failure {
  who: Who;
  request: string;
  status: number;
  excerpt: string;
}

async function check(failures: Failure[], who: Who, label: string, response: Response): Promise<void> {
  const text = await response.text();
  if (response.status >= 500 || STACK_TRACE.test(text)) {
    failures.push({ who, request: label, status: response.status, excerpt: (STACK_TRACE.exec(text)?.[0] ?? text).slice(0, 200) });
  }
}

/** A role's browser, signed in afresh if something in the walk ended its session (a reset, a disable). */
async function clientFor(who: Who): Promise<TestClient> {
  const current = clients.get(who)!;
  if (who === 'anonymous') return current;
  if ((await current.request('/office/password')).status === 200) {
    await current.get('/office/password');
    return current;
  }
  const fresh = await signIn(t, who, { address: `192.0.2.${ROLES.indexOf(who) + 20}` });
  await fresh.get('/office/password');
  clients.set(who, fresh);
  return fresh;
}

describe('malformed input on every route', () => {
  it('has routes to walk', () => {
    expect(routes().length).toBeGreaterThan(60);
  });

  for (const who of ['anonymous', ...ROLES] as Who[]) {
    it(`never answers 5xx or shows a stack trace (${who})`, { timeout: 600_000 }, async () => {
      const failures: Failure[] = [];
      let requests = 0;
      // GETs first, then everything that changes something.
      const walk = [...routes()].sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
      for (const route of walk) {
        const client = await clientFor(who);
        const paths = [concretePath(route.path), ...(route.path.includes(':') ? HOSTILE_PARAMS.map((p) => concretePath(route.path, p)) : [])];
        if (route.method === 'GET') {
          for (const path of paths) {
            for (const url of [path, ...HOSTILE_QUERIES.map((query) => `${path}${query}`)]) {
              await check(failures, who, `GET ${url}`, await client.request(url));
              await check(failures, who, `GET ${url} (htmx)`, await client.request(url, { htmx: true }));
              requests += 2;
            }
          }
          continue;
        }
        for (const path of paths.slice(0, 4)) {
          for (const { label, body, type } of hostileBodies(client.csrf)) {
            const headers: Record<string, string> = type ? { 'content-type': type } : {};
            await check(failures, who, `${route.method} ${path} — ${label}`, await client.request(path, { method: route.method, body, headers }));
            requests++;
          }
        }
      }
      // Still answering, and still right.
      const home = await t.client().request('/');
      expect(home.status).toBe(200);
      expect(failures, `${failures.length} of ${requests} requests as ${who}:\n${failures.slice(0, 30).map((f) => `${f.status} ${f.request}: ${f.excerpt}`).join('\n')}`).toEqual([]);
    });
  }
});
