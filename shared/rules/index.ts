// Every rule, in the order findings are reported for one place. Adding a rule: one module here and its test.
import { branchEniCapacity } from './branchEniCapacity';
import { branchEniUnsupported } from './branchEniUnsupported';
import { ipCapacity } from './ipCapacity';
import { maxPods } from './maxPods';
import { noMatchingPool } from './noMatchingPool';
import { rolloutSurge } from './rolloutSurge';
import type { RuleId, Severity } from '../types';
import type { Rule } from './rule';
import { securityGroupsForPodsDisabled } from './securityGroupsForPodsDisabled';
import { securityGroupsPerEni } from './securityGroupsPerEni';
import { sgpInvalid } from './sgpInvalid';
import { unknownInstanceType } from './unknownInstanceType';
import { duplicateObject } from './duplicateObject';

export const RULES: Rule[] = [
  branchEniCapacity,
  branchEniUnsupported,
  maxPods,
  ipCapacity,
  securityGroupsPerEni,
  unknownInstanceType,
  sgpInvalid,
  rolloutSurge,
  noMatchingPool,
  securityGroupsForPodsDisabled,
];

export type { Rule, RuleContext } from './rule';

export interface RuleDoc {
  id: RuleId;
  defaultSeverity: Severity;
  summary: string;
  help: string;
}

/** Findings about files rather than the cluster: reported by the parser, the Kustomize renderer, the config reader. */
const FILE_RULES: RuleDoc[] = [
  duplicateObject,
  {
    id: 'kustomize-invalid',
    defaultSeverity: 'warning',
    summary: 'A kustomization `kustomize build` would refuse: a missing file, a cycle, a patch that matches nothing, invalid YAML.',
    help: 'The finding sits on the offending entry of kustomization.yaml. The rest of the tree is still rendered and analysed without that piece.',
  },
  {
    id: 'kustomize-remote',
    defaultSeverity: 'info',
    summary:
      'A kustomization names a remote resource or component (a Git or HTTP URL), a Helm chart or a generated replacement source, which ENI Lens does not fetch, inflate or generate.',
    help: 'What it deploys is not analysed. Run `kubectl kustomize DIR | eni-lens check -` (`--enable-helm` for charts) to judge the full output.',
  },
  {
    id: 'template-skipped',
    defaultSeverity: 'info',
    summary: 'A document was skipped: it holds template syntax (Helm/Go `{{ }}`) or the file is too large.',
    help: 'Templates are not YAML until rendered. Run ENI Lens on the rendered manifests, e.g. `helm template . | eni-lens check -`.',
  },
  {
    id: 'yaml-syntax',
    defaultSeverity: 'info',
    summary: 'A document was skipped because it is not valid YAML.',
    help: 'Fix the YAML syntax; the rest of the file and workspace is still analysed.',
  },
  {
    id: 'config',
    defaultSeverity: 'error',
    summary: 'A mistake in .eni-lens.yaml.',
    help: 'The message names the key and line. The CLI exits with 2; the editor uses defaults for the broken setting.',
  },
];

/** Where the README documents the rules; each rule's section is `#rule-<id>`. */
export const RULES_URL = 'https://github.com/eni-lens/eni-lens#rules';

export function ruleDocUrl(id: RuleId): string {
  return `${RULES_URL.slice(0, RULES_URL.indexOf('#'))}#rule-${id}`;
}

export const RULE_DOCS: RuleDoc[] = [...RULES.map(({ id, defaultSeverity, summary, help }) => ({ id, defaultSeverity, summary, help })), ...FILE_RULES];
