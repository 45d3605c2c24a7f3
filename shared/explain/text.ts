// Lines as LSP counts them: \r\n, \r and \n all end one.
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
