// Walks the whole route table: every route under /office (but the sign-in form) must carry a
// role guard, refuse an anonymous request, and refuse every role the guard does not name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_GUARD } from '../../src/auth/guards.ts';
import type { OfficerRole } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { concretePath } from '../helpers/routes.ts';

const ALL_ROLES: OfficerRole[] = ['admin', 'officer', 'moderator'];
const PUBLIC_OFFICE_ROUTES = new Set(['GET /office/login', 'POST /office/login']);

let harness: TestApp;
let clients: Record<OfficerRole, TestClient>;

beforeAll(async () => {
  harness = await createTestApp();
  clients = { admin: await signIn(harness, 'admin'), officer: await signIn(harness, 'officer'), moderator: await signIn(harness, 'moderator') };
  for (const client of Object.values(clients)) await client.get('/office/password');
});
afterAll(async () => {
  await harness.close();
});

interface OfficeRoute {
  method: string;
  path: string;
  roles: OfficerRole[] | null;
}

function officeRoutes(): OfficeRoute[] {
  const byKey = new Map<string, OfficeRoute>();
  for (const route of harness.app.routes) {
    if (!route.path.startsWith('/office') || route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = byKey.get(key) ?? { method: route.method, path: route.path, roles: null };
    const roles = (route.handler as unknown as Record<symbol, OfficerRole[] | undefined>)[ROLE_GUARD];
    if (roles) entry.roles = roles;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

async function call(client: TestClient | null, method: string, path: string): Promise<Response> {
  const c = client ?? harness.client('192.0.2.1');
  if (method === 'GET') return c.request(path);
  // A valid CSRF token: a refusal must come from the role check, not from the form check.
  return c.request(path, { method, body: new URLSearchParams({ _csrf: c.csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

describe('the office route table', () => {
  it('has office routes to check', () => {
    expect(officeRoutes().length).toBeGreaterThan(5);
  });

  it('puts a role guard on every office route but sign-in', () => {
    const unguarded = officeRoutes().filter((r) => !r.roles && !PUBLIC_OFFICE_ROUTES.has(`${r.method} ${r.path}`));
    expect(unguarded.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers no office route without a session', async () => {
    for (const route of officeRoutes().filter((r) => r.roles)) {
      const response = await call(null, route.method, concretePath(route.path));
      const label = `${route.method} ${route.path}`;
      if (route.method === 'GET') {
        expect(response.status, label).toBe(303);
        expect(response.headers.get('location'), label).toMatch(/^\/office\/login\?next=/);
      } else {
        expect(response.status, label).toBe(401);
      }
    }
  });

  it('refuses every role a route does not name, with 403', async () => {
    let refusals = 0;
    for (const route of officeRoutes().filter((r) => r.roles)) {
      for (const role of ALL_ROLES.filter((r) => !route.roles!.includes(r))) {
        const response = await call(clients[role], route.method, concretePath(route.path));
        expect(response.status, `${role} → ${route.method} ${route.path}`).toBe(403);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(0);
  });

  it('does not refuse the roles a route names (a guard that refuses everyone would pass the tests above)', async () => {
    for (const route of officeRoutes().filter((r) => r.roles && r.method === 'GET')) {
      for (const role of route.roles!) {
        const response = await call(clients[role], route.method, concretePath(route.path));
        expect([401, 403], `${role} → GET ${route.path}`).not.toContain(response.status);
      }
    }
  });
});
