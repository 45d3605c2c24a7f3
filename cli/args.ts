// Argument parsing shared by the subcommands: a usage error prints the usage and means exit 2; --help
// prints it and means exit 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './analyzePaths';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string, io: Io) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, tokens: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n\n${usage}\n`);
    return 2 as const;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(`${usage}\n`);
    return 0 as const;
  }
  return parsed;
}
