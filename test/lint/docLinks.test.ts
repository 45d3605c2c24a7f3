// Every relative link in the repository's Markdown (README, docs/, ARCHITECTURE, CHANGELOG, the READMEs of
// data/ and scripts/e2e/) points at a file that exists, and a `#fragment` at a heading or `<a id>` of its target:
// moving a section to docs/ must not leave a link behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

const ROOTS = ['README.md', 'ARCHITECTURE.md', 'CHANGELOG.md', 'data/README.md', 'scripts/e2e/README.md'];

function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f.split(path.sep).join('/')}`);
  return [...ROOTS, ...docs];
}

const outsideFences = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');
/** The text outside fenced code blocks and inline code spans, where a `](…)` is a link. */
const prose = (text: string) => outsideFences(text).replace(/`[^`\n]*`/g, '');

/** The fragments GitHub gives a Markdown file: its headings' slugs and its explicit anchors. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const [, id] of text.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(id);
  for (const [, heading] of outsideFences(text).matchAll(/^#{1,6} (.+)$/gm)) out.add(githubSlug(heading));
  return out;
}

function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** `[text](target)` and `![alt](target)` links whose target is relative (no scheme). */
function relativeLinks(text: string): string[] {
  const links = [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
  return links.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
}

test('links: the slugs of headings follow GitHub (punctuation dropped, spaces as hyphens)', () => {
  const slugs = anchors('## Configuration: `.eni-lens.yaml`\n### The live cluster\n<a id="rule-config"></a>\n```\n# not a heading\n```\n');
  assert.deepEqual([...slugs].sort(), ['configuration-eni-lensyaml', 'rule-config', 'the-live-cluster']);
});

test('links: every relative link in the Markdown resolves to a file, and its fragment to a heading there', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of markdownFiles()) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const link of relativeLinks(text)) {
      checked++;
      const [target, fragment] = link.split('#');
      const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      const full = path.join(REPO_ROOT, resolved);
      if (resolved.startsWith('..') || !fs.existsSync(full)) {
        broken.push(`${file}: ${link} (no file ${resolved})`);
        continue;
      }
      if (fragment !== undefined && resolved.endsWith('.md') && !anchors(fs.readFileSync(full, 'utf8')).has(fragment)) {
        broken.push(`${file}: ${link} (no heading #${fragment} in ${resolved})`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked >= 15, `only ${checked} relative links found: the scan is broken`);
});

test('links: the README keeps the quick start commands and leaves the developer sections to docs/', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  for (const command of ['npm install', 'npm test', 'npm start']) assert.ok(quickStart.includes(command), command);
  for (const heading of ['## Performance', '## Development', '## Layout', '### Real VS Code tests']) {
    assert.ok(!readme.includes(`\n${heading}\n`), `${heading} belongs in docs/`);
  }
  assert.ok(!readme.includes('| batch | S | M | L |'), 'the benchmark table belongs in docs/performance.md');
  const performance = fs.readFileSync(path.join(REPO_ROOT, 'docs/performance.md'), 'utf8');
  assert.ok(performance.includes('| batch | S | M | L |'), 'docs/performance.md holds the table bench/table.mjs prints');
});
