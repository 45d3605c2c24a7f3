// Names from a hostile repository in every output that interprets text: terminal and CI log (control
// characters, forged lines, GitHub workflow commands), hovers / completion documentation (Markdown that
// fetches images, links, headings, tables), code-lens titles (`$(icon)`), the HTML report (javascript:
// links, bidi overrides, NUL).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze, parseConfig, type Position } from '../../shared';
import { workloadLenses } from '../../shared/explain/codeLens';
import { hoverAt } from '../../shared/explain/hover';
import { instanceTypeMarkdown } from '../../shared/explain/instanceType';
import { CLI } from '../helpers/paths';
import { tempDir } from './specialFileHelpers';

/** Markdown that renders as an image (fetched on hover), a link, raw HTML, a heading and a table. */
const MD = '![](https://tracker.example/t.png) [click](https://evil.example) <img src=x> # head | a | b |';
const MD_ESCAPED = '\\!\\[\\](https://tracker.example/t.png) \\[click\\](https://evil.example) \\<img src=x\\> \\# head \\| a \\| b \\|';
/** Title change, screen clear, then a forged finding line and a GitHub Actions workflow command. */
const TERMINAL = '\\e]0;pwned\\a\\e[2J\\r\\n::error file=web.yaml,line=1::forged';

function positionOf(text: string, needle: string, offset = 0): Position {
  const at = text.indexOf(needle) + offset;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Text an unescaped Markdown construct would start with. */
const UNESCAPED = /(?<!\\)!\[|(?<!\\)\]\(|(?<!\\)<img|^#|(?<!\\)\$\(/m;

const CONFIG = `nodePools:\n  - name: "pool ${MD} $(alert)"\n    instanceType: r6g.medium\n    nodes: 1\n`;
const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web ${MD}"
  namespace: "ns${MD}"
spec:
  replicas: 6
  template:
    metadata:
      labels: {app: "web ${MD}"}
    spec:
      nodeSelector: {node.kubernetes.io/instance-type: r6g.medium}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: "api ${MD}", namespace: "ns${MD}"}
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: "web ${MD}"}
    spec:
      nodeSelector: {node.kubernetes.io/instance-type: "m9z.huge${MD}"}
---
apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata: {name: "sgp ${MD}", namespace: "ns${MD}"}
spec:
  podSelector:
    matchLabels: {app: "web ${MD}"}
  securityGroups:
    groupIds: ["sg-1\`${MD}"]
`;

test('hovers escape every name from YAML and the config: no image, link, HTML, heading or table cell starts inside one', () => {
  const config = parseConfig(CONFIG, '.eni-lens.yaml');
  assert.deepEqual(config.errors, []);
  const analysis = analyze(
    [
      { file: 'w.yaml', text: WORKLOADS },
      { file: '.eni-lens.yaml', text: CONFIG },
    ],
    config.config,
  );
  const hovers = {
    workload: hoverAt(analysis, 'w.yaml', positionOf(WORKLOADS, 'web ', 1)),
    instanceType: hoverAt(analysis, 'w.yaml', positionOf(WORKLOADS, 'r6g.medium', 1)),
    unknownType: hoverAt(analysis, 'w.yaml', positionOf(WORKLOADS, 'm9z.huge', 1)),
    policy: hoverAt(analysis, 'w.yaml', positionOf(WORKLOADS, 'sgp ', 1)),
    pool: hoverAt(analysis, '.eni-lens.yaml', positionOf(CONFIG, 'pool ', 1)),
  };
  for (const [what, hover] of Object.entries(hovers)) {
    assert.ok(hover, `a ${what} hover`);
    assert.doesNotMatch(hover.markdown.replace(/`[^`\n]*`/g, ''), UNESCAPED, `${what}: ${hover.markdown}`); // code spans show their text literally
  }
  assert.match(hovers.instanceType!.markdown, /\n---\n\n\*\*6 pods need branch ENIs; pool pool /, "the finding's message and detail, escaped like the rest");
  assert.ok(hovers.workload!.markdown.startsWith(`**Deployment ns${MD_ESCAPED}/web ${MD_ESCAPED}**`), hovers.workload!.markdown.split('\n')[0]);
  assert.ok(hovers.unknownType!.markdown.includes(`\n**m9z.huge${MD_ESCAPED}**: not in ENI Lens's EC2 data`));
  assert.match(hovers.policy!.markdown, /Security groups: `sg-1'!\[\]\(https/, 'the group id stays a code span, its backtick replaced');
  assert.ok(hovers.pool!.markdown.includes(`'pool ${MD_ESCAPED} \\$(alert)'`), hovers.pool!.markdown.split('\n')[0]);
});

test('completion documentation escapes the label it is resolved for; code-lens titles escape $(icon)', () => {
  const doc = instanceTypeMarkdown(`x${MD}`, false);
  assert.doesNotMatch(doc, UNESCAPED);
  assert.ok(doc.startsWith(`**x${MD_ESCAPED}**`));
  const config = parseConfig(CONFIG, '.eni-lens.yaml');
  const analysis = analyze([{ file: 'w.yaml', text: WORKLOADS }], config.config);
  const titles = workloadLenses(analysis, 'w.yaml').map((l) => l.title);
  assert.ok(titles.length > 0);
  for (const title of titles) assert.doesNotMatch(title, /(?<!\\)\$\(/, title);
  assert.ok(
    titles.some((t) => t.includes('\\$(alert)')),
    titles.join('\n'),
  );
});

test('CLI text output: control characters from names and file names are escapes; no forged line or workflow command', (t) => {
  const dir = tempDir(t);
  const hostile = WORKLOADS.replace(/m9z\.huge[^"]*"/, `m9z.huge${TERMINAL}"`);
  fs.writeFileSync(path.join(dir, 'w.yaml'), hostile);
  fs.writeFileSync(
    path.join(dir, '::error file=x::forged.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {nodeSelector: {node.kubernetes.io/instance-type: m9z.tiny}}}}\n',
  );
  fs.writeFileSync(path.join(dir, 'new\nline\r.yaml'), 'a: [\n');
  const r = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'no control character but the line ends');
  const lines = r.stdout.trimEnd().split('\n');
  for (const line of lines) assert.doesNotMatch(line, /^\s*::/, line);
  assert.ok(
    lines.some((l) => l.startsWith('./::error file=x::forged.yaml:4:75 warning unknown-instance-type')),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) => l.startsWith('new\\x0aline\\x0d.yaml:')),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) => l.includes('m9z.huge\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0a::error file=web.yaml,line=1::forged')),
    lines.join('\n'),
  );
  assert.match(lines[lines.length - 1], /^3 files checked: /);
  // --verbose adds each detail, which names the same objects: escaped the same way.
  const verbose = spawnSync(process.execPath, [CLI, 'check', '.', '--verbose'], { cwd: dir, encoding: 'utf8' });
  assert.ok(verbose.stdout.length > r.stdout.length, 'details printed');
  assert.doesNotMatch(verbose.stdout, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'no control character but the line ends');
  for (const line of verbose.stdout.split('\n')) assert.doesNotMatch(line, /^\s*::/, line);
  // SARIF: the Markdown form of a message and its detail escapes the names.
  const sarif = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'sarif'], { cwd: dir, encoding: 'utf8' });
  const markdowns = (JSON.parse(sarif.stdout).runs[0].results as { message: { markdown?: string } }[]).flatMap((x) => (x.message.markdown ? [x.message.markdown] : []));
  assert.ok(markdowns.length > 0, 'results with a detail carry message.markdown');
  for (const m of markdowns) assert.doesNotMatch(m, /[\u0000-\u0009\u000b-\u001f\u007f]/, m);
});

test('SARIF message.markdown escapes names from YAML: no image, link, HTML or heading starts inside one', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'w.yaml'), WORKLOADS);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), CONFIG);
  const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'sarif'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; message: { text: string; markdown?: string } }[];
  const explained = results.filter((x) => x.message.markdown);
  assert.ok(
    explained.some((x) => x.ruleId === 'branch-eni-capacity'),
    JSON.stringify(results.map((x) => x.ruleId)),
  );
  for (const x of explained) {
    assert.doesNotMatch(x.message.markdown!, UNESCAPED, x.message.markdown);
    assert.ok(x.message.markdown!.includes(MD_ESCAPED), x.message.markdown);
  }
});

test('CLI --format github: control characters from names and file names are escapes; every line is one annotation or the summary', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'w.yaml'), WORKLOADS.replace(/m9z\.huge[^"]*"/, `m9z.huge${TERMINAL}"`));
  fs.writeFileSync(
    path.join(dir, 'x\x1b]0;pwned\x07.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {template: {spec: {nodeSelector: {node.kubernetes.io/instance-type: m9z.tiny}}}}\n',
  );
  const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'github'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'no control character but the line ends');
  const lines = r.stdout.trimEnd().split('\n');
  for (const line of lines.slice(0, -1)) assert.match(line, /^::(?:error|warning|notice) file=[^:]*::/, line);
  assert.match(lines[lines.length - 1], /^2 files checked: /);
  assert.ok(
    lines.some((l) => l.startsWith('::warning file=x\\x1b]0;pwned\\x07.yaml,line=4,')),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) => l.includes('m9z.huge\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0a::error file=web.yaml')),
    lines.join('\n'),
  );
});

test('report: a folder named javascript:… is a relative link, and bidi overrides and NUL from names are shown as escapes', (t) => {
  const dir = tempDir(t);
  const folder = path.join(dir, 'javascript:alert(document.domain)');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'w.yaml'), WORKLOADS.replace('name: "web ', 'name: "web \\u202egnp.exe\\0 '));
  const r = spawnSync(process.execPath, [CLI, 'report', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const hrefs = [...r.stdout.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(hrefs.length > 0);
  for (const href of hrefs) assert.ok(href === '#' || href.startsWith('./javascript%3Aalert(document.domain)/w.yaml'), href);
  assert.doesNotMatch(r.stdout, /[\u0000\u202a-\u202e\u2066-\u2069]/);
  assert.ok(r.stdout.includes('web \\u202egnp.exe\\x00 '));
});
