// Kustomize trees shaped like public repositories' (an EKS workshop's per-app base with dev/prod overlays,
// a microservices demo kept three ways, components and overlays of overlays), each line numbered in a
// comment where tests point at it (0-based, as LSP ranges are).
import { yaml } from './helpers';

export const SG_POOL_CONFIG = yaml(['nodePools:', '  - name: sg', '    instanceType: m5.large', '    nodes: 1']);

/** Base with namespace and an HPA; dev renames and labels templates; prod renames, adds the label a policy selects, raises replicas, deletes a Deployment. */
export const CATALOG: Record<string, string> = {
  'apps/catalog/base/kustomization.yaml': yaml([
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'namespace: catalog',
    'resources:',
    '  - deployment.yaml',
    '  - serviceaccount.yaml',
    '  - hpa.yaml',
  ]),
  'apps/catalog/base/deployment.yaml': yaml([
    'apiVersion: apps/v1', // 0
    'kind: Deployment',
    'metadata:',
    '  name: catalog', // 3
    'spec:',
    '  replicas: 1', // 5
    '  selector:',
    '    matchLabels:',
    '      app: catalog',
    '  template:',
    '    metadata:', // 10
    '      labels:',
    '        app: catalog',
    '    spec:',
    '      serviceAccountName: catalog',
    '      containers:', // 15
    '        - name: catalog',
    '          image: public.ecr.aws/aws-containers/retail-store-sample-catalog:1.0.0',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment', // 20
    'metadata:',
    '  name: catalog-debug',
    'spec:',
    '  template:',
    '    metadata:', // 25
    '      labels:',
    '        app: catalog-debug',
    '    spec:',
    '      containers:',
    '        - name: shell', // 30
    '          image: busybox',
  ]),
  'apps/catalog/base/serviceaccount.yaml': yaml(['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: catalog']),
  'apps/catalog/base/hpa.yaml': yaml([
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: catalog',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    name: catalog',
    '  minReplicas: 1',
    '  maxReplicas: 2',
  ]),
  'apps/catalog/overlays/dev/kustomization.yaml': yaml([
    'resources:',
    '  - ../../base',
    'namePrefix: dev-',
    'labels:',
    '  - pairs:',
    '      env: dev',
    '    includeTemplates: true',
  ]),
  'apps/catalog/overlays/prod/kustomization.yaml': yaml([
    'apiVersion: kustomize.config.k8s.io/v1beta1', // 0
    'kind: Kustomization',
    'resources:',
    '  - ../../base',
    '  - security-group-policy.yaml',
    'namePrefix: prod-', // 5
    'commonLabels:',
    '  tier: sg',
    'patchesStrategicMerge:',
    '  - delete-debug.yaml',
    'patches:', // 10
    '  - path: replicas.yaml',
    'replicas:',
    '  - name: catalog',
    '    count: 12', // 14
  ]),
  'apps/catalog/overlays/prod/replicas.yaml': yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: catalog',
    'spec:',
    '  replicas: 4', // 5: the replicas: field of the kustomization runs after patches and wins
  ]),
  'apps/catalog/overlays/prod/delete-debug.yaml': yaml(['$patch: delete', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: catalog-debug']),
  'apps/catalog/overlays/prod/security-group-policy.yaml': yaml([
    'apiVersion: vpcresources.k8s.aws/v1beta1',
    'kind: SecurityGroupPolicy',
    'metadata:',
    '  name: catalog-pods',
    '  namespace: catalog',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      tier: sg',
    '  securityGroups:',
    '    groupIds:',
    '      - sg-0123456789abcdef0',
  ]),
};

/** Prod raises replicas through a patch alone (no replicas: field). */
export const CATALOG_PATCHED: Record<string, string> = {
  ...CATALOG,
  'apps/catalog/overlays/prod/kustomization.yaml': yaml([
    'resources:',
    '  - ../../base',
    '  - security-group-policy.yaml',
    'namePrefix: prod-',
    'commonLabels:',
    '  tier: sg',
    'patches:',
    '  - path: replicas.yaml',
  ]),
  'apps/catalog/overlays/prod/replicas.yaml': yaml(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: catalog', 'spec:', '  replicas: 10']),
};

/** A component adds a policy and template labels; an overlay of that overlay moves namespace, patches inline (JSON 6902 and strategic merge by label selector). */
export const PLATFORM: Record<string, string> = {
  'platform/base/kustomization.yaml': yaml(['resources:', '  - web.yaml']),
  'platform/base/web.yaml': yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  labels:',
    '    app: web',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
  ]),
  'platform/components/pod-security/kustomization.yaml': yaml([
    'apiVersion: kustomize.config.k8s.io/v1alpha1',
    'kind: Component',
    'resources:',
    '  - policy.yaml',
    'labels:',
    '  - pairs:',
    '      security: pods',
    '    includeTemplates: true',
  ]),
  'platform/components/pod-security/policy.yaml': yaml([
    'apiVersion: vpcresources.k8s.aws/v1beta1',
    'kind: SecurityGroupPolicy',
    'metadata:',
    '  name: web-pods',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      security: pods',
    '  securityGroups:',
    '    groupIds: [sg-0123456789abcdef0]',
  ]),
  'platform/overlays/staging/kustomization.yaml': yaml(['resources:', '  - ../../base', 'components:', '  - ../../components/pod-security']),
  'platform/overlays/staging-eu/kustomization.yaml': yaml([
    'resources:', // 0
    '  - ../staging',
    'namespace: eu',
    'patches:',
    '  - target:',
    '      kind: Deployment', // 5
    '      name: web',
    '    patch: |-',
    '      - op: replace',
    '        path: /spec/replicas',
    '        value: 10', // 10
    '  - target:',
    '      labelSelector: app=web',
    '    patch: |-',
    '      apiVersion: apps/v1',
    '      kind: Deployment', // 15
    '      metadata:',
    '        name: not-used-with-a-target',
    '      spec:',
    '        template:',
    '          spec:', // 20
    '            nodeSelector:',
    '              node.kubernetes.io/instance-type: m5.large', // 22
  ]),
};

/** One app kept three ways, as a microservices demo does: plain manifests, a kustomize base behind an overlay, a release bundle. */
export const THREE_COPIES: Record<string, string> = {
  'kubernetes-manifests/cartservice.yaml': cartservice(10),
  'kustomize/base/cartservice.yaml': cartservice(10),
  'kustomize/base/kustomization.yaml': yaml(['resources:', '  - cartservice.yaml']),
  'kustomize/overlays/prod/kustomization.yaml': yaml(['resources:', '  - ../../base', 'replicas:', '  - name: cartservice', '    count: 12']),
  'release/kubernetes-manifests.yaml': cartservice(10),
};

function cartservice(replicas: number): string {
  return yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: cartservice', // 3
    'spec:',
    `  replicas: ${replicas}`,
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: cartservice',
    '    spec:',
    '      containers:',
    '        - name: server',
    '          image: cartservice',
  ]);
}

/** What kustomize build refuses: a missing file, a remote base, a patch matching nothing, invalid YAML, a cycle. */
export const BROKEN: Record<string, string> = {
  'broken/kustomization.yaml': yaml([
    'resources:', // 0
    '  - web.yaml',
    '  - missing.yaml', // 2
    '  - https://github.com/example/shop//deploy?ref=v1.2.0', // 3
    '  - bad.yaml', // 4
    'patches:',
    '  - path: patch.yaml', // 6
    'replicas:',
    '  - name: worker', // 8
    '    count: 3',
  ]),
  'broken/web.yaml': yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
  ]),
  'broken/bad.yaml': yaml(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: [unclosed']),
  'broken/patch.yaml': yaml(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  replicas: 5']),
  'loops/a/kustomization.yaml': yaml(['resources:', '  - ../b']),
  'loops/b/kustomization.yaml': yaml(['resources:', '  - ../a']),
};
