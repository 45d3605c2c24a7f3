// A generated workspace for the report's scaling tests: `workloads` Deployments spread round-robin over
// five distinct sets of three pools (half of them selected by a SecurityGroupPolicy), plus `daemonSets`
// DaemonSets on pool a, on pools of `nodes` nodes. Names have a fixed width: two sizes differ only in how
// many workloads there are. (The engine's rules cost milliseconds per overcommitted workload, so tests keep
// overcommitted workspaces small.)
import type { Analysis } from '../../shared';
import { analyzeGenerated, filesOf, SG_POLICY } from '../helpers/generatedWorkspace';

export const POOL_SETS = [['a'], ['b'], ['c'], ['a', 'b'], ['b', 'c']];

const configText = (nodes: Nodes) => `prefixDelegation: false
nodePools:
  - {name: a, instanceType: m5.large, nodes: ${nodes.a}, labels: {role: a}}
  - {name: b, instanceType: m5.xlarge, nodes: ${nodes.b}, labels: {role: b}}
  - {name: c, instanceType: c5.large, nodes: ${nodes.c}, labels: {role: c}}
`;

export interface Nodes {
  a: number;
  b: number;
  c: number;
}

function deployment(i: number): string {
  const roles = POOL_SETS[i % POOL_SETS.length];
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${String(i).padStart(5, '0')}, namespace: team}
spec:
  replicas: ${(i % 7) + 1}
  selector: {matchLabels: {app: w${i}}}
  template:
    metadata: {labels: {app: w${i}, sg: "${i % 2 === 0 ? 'on' : 'off'}"}}
    spec:
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: role, operator: In, values: [${roles.join(', ')}]}]}]}}}
      containers: [{name: app, image: nginx}]`;
}

function daemonSet(i: number): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d${String(i).padStart(5, '0')}, namespace: team}
spec:
  selector: {matchLabels: {app: d${i}}}
  template:
    metadata: {labels: {app: d${i}}}
    spec:
      nodeSelector: {role: a}
      containers: [{name: agent, image: fluent-bit}]`;
}

export function scaleAnalysis(workloads: number, daemonSets: number, nodes: Nodes): Analysis {
  const docs = [SG_POLICY, ...Array.from({ length: workloads }, (_, i) => deployment(i)), ...Array.from({ length: daemonSets }, (_, i) => daemonSet(i))];
  return analyzeGenerated('scale', configText(nodes), filesOf('scale', docs));
}
