// A generated workspace where every workload is overcommitted: `workloads` Deployments, each pinned to
// r6g.medium and selected by one SecurityGroupPolicy, on a declared 1-node r6g.medium pool (4 branch ENIs,
// max pods 8). Every Deployment gets a capacity finding with resize fixes, and all share one group.
import { analyze, parseConfig, type Analysis } from '../../shared';

const CONFIG = `prefixDelegation: false
nodePools:
  - {name: sg-workers, instanceType: r6g.medium, nodes: 1}
`;

const POLICY = `apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata: {name: sg, namespace: team}
spec:
  podSelector: {matchLabels: {sg: "on"}}
  securityGroups: {groupIds: [sg-0123456789abcdef0]}`;

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
  const docs = [POLICY, ...Array.from({ length: workloads }, (_, i) => deployment(i))];
  const files: { file: string; text: string }[] = [];
  for (let at = 0; at < docs.length; at += perFile) {
    files.push({ file: `over/f${String(at / perFile).padStart(4, '0')}.yaml`, text: docs.slice(at, at + perFile).join('\n---\n') + '\n' });
  }
  return files;
}

export function overcommitAnalysis(workloads: number, perFile = 50): Analysis {
  const { config, errors } = parseConfig(CONFIG, 'over/.eni-lens.yaml');
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return analyze(overcommitFiles(workloads, perFile), config);
}
