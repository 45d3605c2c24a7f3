// eniLens/status: the counts and sources behind the editor's status item, from one workspace analysis.
import { compareStrings, instances } from '../../shared';
import type { StatusParams } from '../../shared/report/protocol';
import type { WorkspaceAnalysis } from './analyzer';

export function statusOf(analysis: WorkspaceAnalysis, toClient: (uri: string) => string): StatusParams {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const findings of analysis.findingsByFile.values()) for (const f of findings) counts[f.severity]++;
  const used = analysis.groups.filter((g) => g.files.length > 0 || g.config.errors.length > 0);
  return {
    errors: counts.error,
    warnings: counts.warning,
    infos: counts.info,
    files: used.reduce((n, g) => n + g.files.length, 0),
    configFiles: used.flatMap((g) => (g.configUri ? [toClient(g.configUri)] : [])).sort(compareStrings),
    defaults: used.some((g) => !g.configUri && g.files.length > 0),
    dataDate: instances.DATA_PROVENANCE.generatedAt.slice(0, 10),
  };
}
