// Which documents need not be composed: a piece of text (see documentChunks.ts) whose apiVersion and kind
// are certain from its lines alone, and a kind the analysis does not read (k8s/readKinds.ts). Most of a
// real repository is Services, ConfigMaps, RBAC and CRDs; composing them is most of the parse time.
// "Certain" is narrow: a block mapping at column 0 whose every column-0 line is `plainKey: value` with a
// value that cannot reach past its line (no quote left open, no flow collection, anchor, alias or tag), one
// `apiVersion:` and one `kind:` line with plain or one-line quoted values. Top-level keys of a block mapping
// at column 0 are exactly its column-0 lines (block scalars and multi-line plain scalars are indented
// deeper), so such a document has that apiVersion and kind. Anything else is composed.
import { isReadKind } from '../k8s/readKinds';

/** A plain key at column 0, then `:` and a space or the line end; group 2: the value (may be empty). */
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** An entry of a block sequence at column 0: the value of the key above (`subjects:` then `- kind: User`). */
const SEQUENCE_ENTRY = /^-(?: |$)/;
/** A line holding only `---` (the piece's start): anything after it could be the document's content. */
const START_LINE = /^---[ \t]*$/;
const COMMENT = /[ \t]+#.*$/;
/** Values that start something the line may not finish, or that change what the node is. */
const RISKY_START = /^[[{&*!%@`?<"']|^-(?:[ \t]|$)/;
const BLOCK_SCALAR_HEADER = /^[|>][0-9+-]*$/;
const DOUBLE_QUOTED = /^"((?:[^"\\]|\\.)*)"$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
const PLAIN_KIND = /^[A-Z][A-Za-z0-9]*$/;
/** Plain words the core schema reads as null or booleans, not strings. */
const NOT_STRINGS = new Set(['Null', 'NULL', 'True', 'TRUE', 'False', 'FALSE']);
const API_VERSION = /^(?:[a-z0-9][a-z0-9.-]*\/)?v[0-9][a-z0-9]*$/;

export interface UnreadKind {
  apiVersion: string;
  kind: string;
}

/** The apiVersion and kind of the one document of `piece` when they are certain and the analysis does not read that kind; else undefined. */
export function unreadKindOf(piece: string): UnreadKind | undefined {
  // The lexer ends lines at `\n` only, and `\r\n` is that plus a trailing `\r`; a lone `\r` is not clear.
  if (/\r(?!\n)/.test(piece)) return undefined;
  let kind: string | undefined;
  let apiVersion: string | undefined;
  let seenKey = false;
  /** After an apiVersion or kind line: an indented line now would continue its value (`kind: Config` + `  Map`). */
  let valueOpen = false;
  let from = 0;
  let first = true;
  while (from <= piece.length) {
    let to = piece.indexOf('\n', from);
    if (to < 0) to = piece.length;
    const line = piece.charCodeAt(to - 1) === 13 ? piece.slice(from, to - 1) : piece.slice(from, to);
    from = to + 1;
    if (first) {
      first = false;
      if (line.startsWith('---')) {
        if (!START_LINE.test(line)) return undefined;
        continue;
      }
    }
    const c = line.charCodeAt(0);
    if (line.length === 0 || c === 35 /* # */) continue;
    if (c === 32 /* space */ || c === 9 /* tab */) {
      if (/^[ \t]*$/.test(line)) continue;
      // Indented content: a value of the key above; before any key, the top level is not at column 0.
      if (!seenKey || valueOpen || c === 9) return undefined;
      continue;
    }
    if (SEQUENCE_ENTRY.test(line)) {
      if (!seenKey || valueOpen) return undefined;
      continue;
    }
    valueOpen = false;
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    seenKey = true;
    const value = (m[2] ?? '').replace(COMMENT, '').trim();
    const key = m[1];
    if (key === 'kind' || key === 'apiVersion') {
      const scalar = stringValue(value);
      if (scalar === undefined) return undefined;
      if (key === 'kind') {
        if (kind !== undefined || !/^[A-Za-z][A-Za-z0-9]*$/.test(scalar)) return undefined;
        kind = scalar;
      } else {
        if (apiVersion !== undefined || !API_VERSION.test(scalar)) return undefined;
        apiVersion = scalar;
      }
      valueOpen = true;
      continue;
    }
    if (value.startsWith('#') || value === '') continue;
    if (BLOCK_SCALAR_HEADER.test(value)) continue;
    if (value === '[]' || value === '{}') continue;
    if (RISKY_START.test(value)) return undefined;
  }
  if (kind === undefined || apiVersion === undefined || isReadKind(kind)) return undefined;
  return { apiVersion, kind };
}

/** The string a one-line plain or quoted value is, when it certainly is one. */
function stringValue(value: string): string | undefined {
  const dq = DOUBLE_QUOTED.exec(value);
  if (dq) return dq[1].includes('\\') ? undefined : dq[1];
  const sq = SINGLE_QUOTED.exec(value);
  if (sq) return sq[1].includes("'") ? undefined : sq[1];
  if (PLAIN_KIND.test(value)) return NOT_STRINGS.has(value) ? undefined : value;
  return API_VERSION.test(value) ? value : undefined;
}
