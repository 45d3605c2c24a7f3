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
  'apps/catalog/overlays/prod/delete-debug.yaml': yaml([
    '$patch: delete',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: catalog-debug',
  ]),
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
