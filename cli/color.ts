// Colour in the text format: only on a terminal, never with NO_COLOR (https://no-color.org), unless
// --color / --no-color says otherwise.
import type { Severity } from '../shared';

export type Paint = (severity: Severity, text: string) => string;

const SGR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

export function useColor(flag: boolean | undefined, stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  return (stream as { isTTY?: boolean }).isTTY === true;
}

export const plain: Paint = (_severity, text) => text;
export const ansi: Paint = (severity, text) => `\u001b[${SGR[severity]}m${text}\u001b[39m`;
