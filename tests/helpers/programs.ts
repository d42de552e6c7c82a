// Tests that run a program of the system (swaks, openssl) skip where it is missing, with the
// reason printed, as the browser tests do without Chromium; in CI (CI set) a missing program is
// a failure, since the CI script installs it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/** Whether a program is on PATH; where it is not, says so (and fails in CI). */
export function systemProgram(program: string, install: string): { available: boolean; reason: string } {
  if (onPath(program)) return { available: true, reason: '' };
  const reason = `${program} not found on PATH: the tests that use it are skipped (${install})`;
  if (process.env.CI) throw new Error(`${reason} — CI must run them`);
  console.warn(reason);
  return { available: false, reason };
}
