// What a rule is: an id, a default severity, help for the README/SARIF, and a check over the analysis.
import type { ClusterModel } from '../model/cluster';
import type { ResourceVerdict } from '../model/capacity';
import type { Finding, RuleId, Severity } from '../types';

export interface RuleContext {
  model: ClusterModel;
  branchEniVerdict: ResourceVerdict;
  podSlotVerdict: ResourceVerdict;
}

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
  /** What to do about it. */
  help: string;
  check(ctx: RuleContext): Finding[];
}
