// What every CLI shares: reading its arguments, the usage line, and how it ends. Exit codes are
// the same for all: 0 done, 2 the command or its settings were wrong (the message says how),
// 1 anything unexpected (with the stack, for a bug report).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config.ts';

/** A mistake in how the command was called: its message is printed alone and the exit code is 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** `usage: npm run … -- …`, printed after any argument error. */
  usage: string;
  options: O;
  /** Whether the command takes file names or other positional arguments. */
  positionals?: boolean;
  /** Exit code for bad settings in the environment (ConfigError); 2 unless said otherwise. */
  configExitCode?: number;
  /** Further errors the command raises for the user to correct: printed alone, exit 2. */
  userErrors?: readonly (abstract new (...args: never[]) => Error)[];
}

export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

/** The option or argument named in node's parseArgs error, e.g. `--slug` from "Unknown option '--slug'". */
function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1]?.replace(/ <value>$/, '') ?? message;
}

/** Parses argv, turning parseArgs' English-only errors into ours, in Chinese and English. */
export function readArgs<O extends Options>(spec: CommandSpec<O>, argv: string[]): ParsedArgs<O> {
  try {
    return parseArgs({ args: argv, options: spec.options, allowPositionals: spec.positionals ?? false, strict: true }) as ParsedArgs<O>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message ?? String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`未知参数 / unknown option: ${quoted(message)}\n${spec.usage}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`多余的参数 / unexpected argument: ${quoted(message)}\n${spec.usage}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`参数 ${quoted(message)} 的值缺失或不适用 / ${quoted(message)}: missing or unexpected value\n${spec.usage}`);
    throw error;
  }
}

/**
 * Runs a CLI: parses process.argv with the spec, runs `main`, and exits with its code — or with
 * 2 and the message alone for a usage, settings or user error, 1 and the stack for anything else.
 * process.exit, not a natural end: the database's writer thread would otherwise keep it alive.
 */
export function runCommand<O extends Options>(spec: CommandSpec<O>, main: (args: ParsedArgs<O>) => Promise<number>): void {
  const userErrors = spec.userErrors ?? [];
  Promise.resolve()
    .then(() => main(readArgs(spec, process.argv.slice(2))))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        if (error instanceof ConfigError) {
          console.error(error.message);
          process.exit(spec.configExitCode ?? 2);
        }
        if (error instanceof UsageError || userErrors.some((kind) => error instanceof kind)) {
          console.error((error as Error).message);
          process.exit(2);
        }
        console.error(error);
        process.exit(1);
      },
    );
}

/** One line from standard input (`--password-stdin`): a trailing newline from `echo` or a here-string is not part of it. */
export async function readLineFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
