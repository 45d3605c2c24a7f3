// `eni-lens report`: the capacity report of the analysed files as one self-contained HTML file. Files are
// found and grouped by config exactly as `check` does; each config group becomes a section.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../shared';
import { collectManifestFiles, findConfigFile, groupByNearestConfig, loadConfigFile } from '../shared/node/files';
import { buildCapacityReport, renderReportHtml, type ReportGroup } from '../shared/report';
import { displayPath } from './displayPath';
import { readManifest } from './readManifest';

export const REPORT_USAGE = 'eni-lens report [PATH…] [--config FILE] [--output report.html]   (HTML capacity report; stdout without --output)';

interface ReportOptions {
  config?: string;
  output?: string;
}

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export async function report(paths: string[], options: ReportOptions, io: Io): Promise<number> {
  if (options.config && !fs.existsSync(options.config)) {
    io.stderr.write(`eni-lens: config file not found: ${options.config}\n`);
    return 2;
  }
  let groups: Map<string | undefined, string[]>;
  try {
    const files = collectManifestFiles(paths.filter((p) => p !== '-'));
    groups = options.config ? new Map([[options.config, files]]) : groupByNearestConfig(files);
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n`);
    return 2;
  }
  let stdin = paths.includes('-') ? await readStdin() : undefined;
  if (stdin !== undefined && groups.size === 0) groups.set(options.config ?? findConfigFile('.'), []);

  const sections: ReportGroup[] = [];
  let configFailed = false;
  for (const [configFile, files] of groups) {
    const shown = configFile && displayPath(configFile);
    const { config, errors } = loadConfigFile(configFile, shown);
    if (errors.length > 0) {
      for (const e of errors) io.stderr.write(`eni-lens: config error: ${e.message}\n`);
      configFailed = true;
      continue;
    }
    const sources = files.map(readManifest);
    if (stdin !== undefined) {
      sources.push({ file: '<stdin>', text: stdin });
      stdin = undefined;
    }
    sections.push({ title: shown ?? 'No .eni-lens.yaml (defaults)', configFile: shown, analysis: analyze(sources, config) });
  }
  if (configFailed) return 2;

  const base = options.output ? path.dirname(path.resolve(options.output)) : process.cwd();
  const html = renderReportHtml(buildCapacityReport(sections), {
    nonce: randomBytes(16).toString('base64'),
    hrefFor: (file) => (file === '<stdin>' ? undefined : encodeURI(path.relative(base, path.resolve(file)).split(path.sep).join('/'))),
  });
  if (!options.output) {
    io.stdout.write(html);
    return 0;
  }
  try {
    fs.writeFileSync(options.output, html);
  } catch (err) {
    io.stderr.write(`eni-lens: cannot write ${options.output}: ${(err as Error).message}\n`);
    return 2;
  }
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
