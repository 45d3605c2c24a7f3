// A workspace of the shapes the parse pool must carry across threads: cluster-wide files (eksctl, aws-node),
// kustomize inputs, bad input, a BOM, CRLF, a List, and many small files of workloads and ConfigMaps.

export function poolWorkspace(): Record<string, string> {
  const files: Record<string, string> = {
    '.eni-lens.yaml': 'nodePools:\n  - name: sg-workers\n    instanceType: r6g.medium\n    nodes: 2\n    labels: {role: sg}\n',
    'cluster/eksctl.yaml':
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\nmanagedNodeGroups:\n  - name: general\n    instanceType: m5.large\n    desiredCapacity: 3\n    labels: {role: general}\n',
    'cluster/aws-node.yaml':
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - {name: ENABLE_POD_ENI, value: "true"}\n',
    'app/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - settings.yaml\n',
    'app/base/deployment.yaml': deployment('kustomized', 3),
    'app/base/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  mode: [unclosed\n',
    'app/overlay/kustomization.yaml': 'resources:\n  - ../base\nreplicas:\n  - name: kustomized\n    count: 9\n',
    'broken/syntax.yaml': `${deployment('broken', 2)}  extra: [unclosed\n`,
    'broken/template.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n',
    'broken/unread.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n',
    'odd/bom.yaml': `\uFEFF${deployment('bom', 4)}`,
    'odd/crlf.yaml': deployment('crlf', 5).replace(/\n/g, '\r\n'),
    'odd/list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: sa, namespace: team, labels: {sg: "on"}}\n`,
    'policy.yaml':
      'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: {name: sg, namespace: team}\nspec:\n  podSelector: {matchLabels: {sg: "on"}}\n  securityGroups: {groupIds: [sg-1]}\n',
  };
  for (let i = 0; i < 60; i++) {
    const docs = [deployment(`app-${i}`, (i % 7) + 1), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c-${i}, namespace: team}\ndata: {k: v}\n`];
    if (i % 5 === 0)
      docs.push(
        `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: app-${i}, namespace: team}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${i}}\n  maxReplicas: 12\n`,
      );
    files[`teams/f${String(i).padStart(2, '0')}.yaml`] = docs.join('---\n');
  }
  return files;
}

export function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: team\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {sg: "on"}\n    spec:\n      nodeSelector: {role: sg}\n      containers:\n        - name: app\n`;
}
