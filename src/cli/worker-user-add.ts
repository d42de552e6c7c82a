// npm run worker:user-add -- --email E --role admin|officer|moderator [--name N] [--password-stdin] [--remote]
// Creates an officer account in the Worker's D1: the local one (`npm run worker:dev`, or
// WORKER_STATE_DIR) or, with --remote, the deployed one. The password is hashed here, in the
// Workers' format (PBKDF2-SHA256), and only the hash travels, through `wrangler d1 execute`.
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { OFFICER_ROLES } from '../auth/accounts.ts';
import { auditQuery } from '../auth/audit.ts';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import type { Database, OfficerRole } from '../db/schema.ts';
import { inlineParameters } from '../platform/workers/d1.ts';
import { workersPasswordHasher } from '../platform/workers/passwords.ts';
import { runWrangler, stateArgs } from '../platform/node/wrangler.ts';
import { type ParsedArgs, readLineFromStdin, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage: 'usage: npm run worker:user-add -- --email E --role admin|officer|moderator [--name N] [--password-stdin] [--remote]',
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
  },
} as const;
const USAGE = COMMAND.usage;

// SQL is only compiled here, never run: wrangler runs it.
const compiler = new Kysely<Database>({
  dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
});


async function main({ values }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  if (!values.email || !values.role) throw new UsageError(USAGE);
  const email = values.email.trim().toLowerCase();
  const role = values.role as OfficerRole;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`邮箱地址无效 / invalid email: ${values.email}`);
  if (!OFFICER_ROLES.includes(role)) throw new UsageError(`--role 只能是 admin、officer 或 moderator / --role must be admin, officer or moderator\n${USAGE}`);
  const fromStdin = values['password-stdin'];
  const password = fromStdin ? await readLineFromStdin() : generatePassword();
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new UsageError(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / password needs at least ${MIN_PASSWORD_LENGTH} characters`);

  const now = new Date();
  const at = now.toISOString();
  const insert = compiler
    .insertInto('officers')
    // A printed password is one-time (replaced at the first sign-in); one piped in was chosen.
    .values({ email, name: values.name?.trim() || null, role, password_hash: await workersPasswordHasher().hash(password), must_change_password: fromStdin ? 0 : 1, created_at: at, updated_at: at })
    .compile();
  const audit = auditQuery(
    compiler,
    {
      officerId: null,
      action: 'create-account',
      targetType: 'officer',
      targetId: compiler.selectFrom('officers').select('id').where('email', '=', email),
      detail: { email, role, via: 'cli' },
    },
    now,
  );
  const sql = [insert, audit].map((q) => `${inlineParameters(q.sql, q.parameters)};`).join('\n');
  const where = values.remote ? ['--remote'] : ['--local', ...stateArgs(process.env.WORKER_STATE_DIR ? { persistTo: process.env.WORKER_STATE_DIR } : {})];
  const result = await runWrangler(['d1', 'execute', 'DB', ...where, '--yes', '--command', sql], { allowFailure: true });
  if (result.code !== 0) {
    if (/UNIQUE constraint failed: officers\.email/.test(result.stdout + result.stderr)) throw new UsageError(`该邮箱已有账户 / an account with this email exists: ${email}`);
    throw new Error(`wrangler d1 execute failed:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`已创建账户 / account created: ${email} (${role}) ${values.remote ? '— D1 (remote)' : '— local D1'}`);
  if (!fromStdin) {
    console.log(`一次性密码 / one-time password: ${password}`);
    console.log('请登录后在「修改密码」中更换。/ Sign in and change it under "Change password".');
  }
  return 0;
}

runCommand(COMMAND, main);
