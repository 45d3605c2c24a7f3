// eksctl clusters several suites judge against, written as eksctl's examples write them.

/** A dedicated r6g.medium group tainted dedicated=sg:NoSchedule beside an untainted t3.large group (no trunking). */
export const DEDICATED_SG_CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5',
  'kind: ClusterConfig',
  'metadata: {name: c, region: us-east-1}',
  'managedNodeGroups:',
  '  - name: sg',
  '    instanceType: r6g.medium',
  '    desiredCapacity: 2',
  '    taints: [{key: dedicated, value: sg, effect: NoSchedule}]',
  '  - name: burst',
  '    instanceType: t3.large',
  '    desiredCapacity: 3',
  '',
].join('\n');
