import { test } from 'node:test';
import { built, yaml } from './helpers';
import { findingsFor } from '../helpers/analyze';
const files = {
  'k/base/kustomization.yaml': yaml(['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'namespace: catalog', 'resources:', '  - deployment.yaml', '  - sa.yaml']),
  'k/base/deployment.yaml': yaml(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: catalog', 'spec:', '  replicas: 1', '  selector:', '    matchLabels:', '      app: catalog', '  template:', '    metadata:', '      labels:', '        app: catalog', '    spec:', '      serviceAccountName: catalog', '      nodeSelector:', '        node.kubernetes.io/instance-type: t3.medium', '      containers:', '        - name: app', '          image: x']),
  'k/base/sa.yaml': yaml(['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: catalog']),
  'k/overlays/prod/kustomization.yaml': yaml(['resources:', '  - ../../base', 'namePrefix: prod-', 'commonLabels:', '  env: prod', 'patches:', '  - path: replicas.yaml']),
  'k/overlays/prod/replicas.yaml': yaml(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: catalog', 'spec:', '  replicas: 40']),
};
test('smoke', () => {
  const b = built(files, 'k/overlays/prod/kustomization.yaml');
  console.log(JSON.stringify(b.objects, null, 1), b.findings);
  console.log(findingsFor(files).map((f) => [f.rule, f.file, f.range.start, f.message]));
});
