// Splits a YAML stream into pieces that parse on their own exactly as they parse inside the whole text, so
// an edit re-parses only the piece it touched. A piece starts where the `yaml` lexer always starts a new
// document: a line (after `\n`, the only line end the lexer splits on) beginning with `---` and then
// whitespace or the end of the text. Such a line ends any block scalar, plain or quoted scalar and flow
// collection open before it, and resets the indentation, so nothing before it reaches past it.

export interface Chunk {
  start: number;
  end: number;
}

const DOCUMENT_START = /\n---(?=[ \t\r\n]|$)/g;
/**
 * Directives (`%YAML`, `%TAG`) carry over from one document to the next in the composer, so a text with a
 * line that could be one is parsed whole.
 */
const DIRECTIVE_LINE = /(?:^|\n)\uFEFF?%/;

/** Whether `text` has a line that could be a directive (what makes documentChunks give one piece). */
export function hasDirectiveLine(text: string): boolean {
  return DIRECTIVE_LINE.test(text);
}

/** The pieces of `text`, in order, covering it without gaps; one piece when splitting is not clearly safe. */
export function documentChunks(text: string): Chunk[] {
  if (hasDirectiveLine(text)) return [{ start: 0, end: text.length }];
  const chunks: Chunk[] = [];
  let start = 0;
  for (const m of text.matchAll(DOCUMENT_START)) {
    chunks.push({ start, end: m.index + 1 });
    start = m.index + 1;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

const DOCUMENT_START_AFTER = new RegExp(DOCUMENT_START.source, 'g');

/**
 * The pieces of `text` from `from` to `to`, two offsets where pieces start (or 0 and the text's length), as
 * documentChunks would cut them there: a keystroke looks for `---` lines only between the pieces it kept.
 */
export function chunksBetween(text: string, from: number, to: number): Chunk[] {
  const chunks: Chunk[] = [];
  let start = from;
  DOCUMENT_START_AFTER.lastIndex = from;
  for (let m = DOCUMENT_START_AFTER.exec(text); m && m.index + 1 < to; m = DOCUMENT_START_AFTER.exec(text)) {
    chunks.push({ start, end: m.index + 1 });
    start = m.index + 1;
  }
  chunks.push({ start, end: to });
  return chunks;
}
