// Text from a repository (object names, label values, file names) shown somewhere that interprets it: a
// terminal or CI log (control characters: ESC sequences, CR/LF forging lines), Markdown (images fetched on
// hover, links, headings, tables), code-lens titles (`$(icon)`), HTML (bidi overrides reorder what is shown).

/** C0 and C1 controls, DEL, and the bidirectional formatting characters (Trojan Source). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Each control character as a visible escape: ESC → `\x1b`, U+202E → `\u202e`. */
export function showControls(s: string): string {
  return s.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const MARKDOWN_SPECIAL = /[\\`*_[\]<>!|#~&$]/g;

/** A value as literal Markdown text: no image, link, HTML, heading, table cell, emphasis or `$(icon)` can start inside it. */
export function escapeMarkdown(s: string): string {
  return showControls(s).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A value in a code-lens title, where VS Code renders `$(name)` as an icon. */
export function escapeIcons(s: string): string {
  return showControls(s).replace(/\$\(/g, '\\$(');
}
