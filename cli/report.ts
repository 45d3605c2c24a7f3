// `eni-lens report`: the capacity report of the analysed files as one self-contained HTML file. Files are
// found and grouped by config exactly as `check` does; each config group becomes a section.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildCapacityReport, renderReportHtml, type ReportGroup } from '../shared/report';
import { analyzePaths, writeOutput, type Io } from './analyzePaths';

export const REPORT_USAGE =
  'eni-lens report [PATH…] [--config FILE] [--nodes FILE] [--output report.html] [--no-kustomize] [--jobs N]   (HTML capacity report; stdout without --output)';

interface ReportOptions {
  config?: string;
  nodes?: string;
  output?: string;
  kustomize?: false;
  jobs?: number;
}

export async function report(paths: string[], options: ReportOptions, io: Io): Promise<number> {
  const groups = await analyzePaths(paths, options.config, io, { nodes: options.nodes, kustomize: options.kustomize, jobs: options.jobs });
  if (groups === 2) return 2;
  const sections: ReportGroup[] = groups.map((g) => ({
    title: g.configFile ?? 'No .eni-lens.yaml (defaults)',
    configFile: g.configFile,
    analysis: g.analysis,
  }));

  const base = options.output ? path.dirname(path.resolve(options.output)) : process.cwd();
  const html = renderReportHtml(buildCapacityReport(sections), {
    nonce: randomBytes(16).toString('base64'),
    hrefFor: (file) => (file === '<stdin>' ? undefined : relativeHref(path.relative(base, path.resolve(file)))),
  });
  return writeOutput(options.output, html, io, groups);
}

/**
 * A relative URL for a relative path: every segment percent-encoded (a `:` too, so a folder named
 * `javascript:…` cannot become the URL's scheme), and `./` in front of a path that does not climb.
 */
export function relativeHref(relative: string): string {
  const segments = relative.split(path.sep).map(encodeURIComponent);
  return segments[0] === '..' ? segments.join('/') : `./${segments.join('/')}`;
}
