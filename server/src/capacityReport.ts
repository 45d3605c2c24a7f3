// eniLens/capacityReport: the capacity report of the whole workspace, from the analysis the server holds
// (one section per config group), with files named as the client knows them.
import path from 'node:path';
import { URI } from 'vscode-uri';
import { buildCapacityReport, type CapacityReport } from '../../shared/report';
import type { Session } from './session';
import { compareStrings } from '../../shared';

export async function capacityReport(session: Session): Promise<CapacityReport> {
  const analysis = await session.fresh();
  const folders = session.index.getFolders();
  const shown = (uri: string) => {
    const fsPath = URI.parse(uri).fsPath;
    const folder = folders.find((f) => fsPath.startsWith(f.fsPath + path.sep));
    return folder ? path.relative(folder.fsPath, fsPath).split(path.sep).join('/') : fsPath;
  };
  const groups = analysis.groups
    .filter((g) => g.files.length > 0 || g.config.errors.length > 0)
    .sort((a, b) => compareStrings(a.configUri ?? '', b.configUri ?? ''))
    .map((g) => ({
      title: g.configUri ? shown(g.configUri) : 'No .eni-lens.yaml (defaults)',
      configFile: g.configUri && session.index.toClient(g.configUri),
      analysis: g.analysis,
      errors: g.config.errors.map((e) => e.message),
    }));
  const report = buildCapacityReport(groups);
  for (const s of report.sections) {
    for (const w of s.workloads) w.file = session.index.toClient(w.file);
    for (const p of s.pools) if (p.file) p.file = session.index.toClient(p.file);
  }
  return report;
}
