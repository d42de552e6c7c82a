// npm run user:add -- --email E --role admin|officer|moderator [--name N] [--password-stdin]
// Creates an officer account. Without --password-stdin it prints a one-time password.
import { AccountError, createOfficer, OFFICER_ROLES } from '../auth/accounts.ts';
import { auditQuery } from '../auth/audit.ts';
import { generatePassword } from '../auth/passwords.ts';
import { parseConfig } from '../config.ts';
import type { OfficerRole } from '../db/schema.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { nodePasswordHasher } from '../platform/node/passwords.ts';
import { type ParsedArgs, readLineFromStdin, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run user:add -- --email E --role admin|officer|moderator [--name N] [--password-stdin]',
  positionals: true,
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
} as const;
const USAGE = COMMAND.usage;


async function main({ values, positionals }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (positionals.length || !values.email || !values.role) throw new UsageError(USAGE);
  if (!OFFICER_ROLES.includes(values.role as OfficerRole)) throw new UsageError(`--role 只能是 admin、officer 或 moderator / --role must be admin, officer or moderator\n${USAGE}`);
  const fromStdin = values['password-stdin'];
  const password = fromStdin ? await readLineFromStdin() : generatePassword();

  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  try {
    const now = new Date();
    // A printed password is one-time: its owner replaces it at the first sign-in. One piped in was
    // chosen by whoever runs the command for that account, and is kept.
    const officer = await createOfficer(
      { db, passwords: nodePasswordHasher },
      { email: values.email, name: values.name ?? null, role: values.role as OfficerRole, password, oneTime: !fromStdin },
      now,
    );
    await db.batch([auditQuery(db.kysely, { officerId: null, action: 'create-account', targetType: 'officer', targetId: officer.id, detail: { email: officer.email, role: officer.role, via: 'cli' } }, now)]);
    console.log(`已创建账户 / account created: ${officer.email} (${officer.role})`);
    if (!fromStdin) {
      console.log(`一次性密码 / one-time password: ${password}`);
      console.log('请登录后在「修改密码」中更换。/ Sign in and change it under "Change password".');
    }
    console.log(`登录 / sign in: ${config.publicBaseUrl}/office/login`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

runCommand(COMMAND, main);
