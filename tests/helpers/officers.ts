import type { OfficerRole } from '../../src/db/schema.ts';
import { createOfficer } from '../../src/auth/accounts.ts';
import type { TestApp, TestClient } from './app.ts';

export const TEST_PASSWORD = 'correct horse battery';

let counter = 0;

export async function createOfficerAccount(harness: TestApp, role: OfficerRole, email = `${role}${++counter}@office.example`) {
  const officer = await createOfficer(harness.services, { email, role, password: TEST_PASSWORD, name: `${role} ${counter}` }, harness.now());
  return { ...officer, password: TEST_PASSWORD };
}

/** A browser signed in as a new officer of this role, through the real sign-in form. */
export async function signIn(harness: TestApp, role: OfficerRole, options: { address?: string; email?: string } = {}): Promise<TestClient & { officer: Awaited<ReturnType<typeof createOfficerAccount>> }> {
  const officer = await createOfficerAccount(harness, role, options.email);
  const client = harness.client(options.address);
  await client.get('/office/login');
  const { response } = await client.postForm('/office/login', { email: officer.email, password: officer.password });
  if (response.status !== 303) throw new Error(`sign-in as ${role} failed with ${response.status}`);
  return Object.assign(client, { officer });
}
