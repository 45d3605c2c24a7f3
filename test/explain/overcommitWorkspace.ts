// A generated workspace where every workload is overcommitted: `workloads` Deployments, each pinned to
// r6g.medium and selected by one SecurityGroupPolicy, on a declared 1-node r6g.medium pool (4 branch ENIs,
// max pods 8). Every Deployment gets a capacity finding with resize fixes, and all share one group.
import type { Analysis } from '../../shared';
import { analyzeGenerated, filesOf, SG_POLICY } from '../helpers/generatedWorkspace';

const CONFIG = `prefixDelegation: false
nodePools:
  - {name: sg-workers, instanceType: r6g.medium, nodes: 1}
`;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${String(i).padStart(5, '0')}, namespace: team}
spec:
  replicas: ${(i % 3) + 1}
  selector: {matchLabels: {app: w${i}}}
  template:
    metadata: {labels: {app: w${i}, sg: "on"}}
    spec:
      nodeSelector: {node.kubernetes.io/instance-type: r6g.medium}
      containers: [{name: app, image: nginx}]`;
}

/** Files of `perFile` documents each; the policy is the first document of the first file. */
export function overcommitFiles(workloads: number, perFile = 50): { file: string; text: string }[] {
  return filesOf('over', [SG_POLICY, ...Array.from({ length: workloads }, (_, i) => deployment(i))], perFile);
}

export function overcommitAnalysis(workloads: number, perFile = 50): Analysis {
  return analyzeGenerated('over', CONFIG, overcommitFiles(workloads, perFile));
}
