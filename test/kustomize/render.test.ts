// `kustomize build` as data: for each fixture tree, the objects Kustomize prints (written by hand from its
// documentation: transformer order, field specs, patch semantics) and the findings of broken trees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { built } from './helpers';
import { CATALOG } from './fixtures';

const containers = [{ name: 'catalog', image: 'public.ecr.aws/aws-containers/retail-store-sample-catalog:1.0.0' }];

test('dev overlay: the base namespace, the prefix on every name and on the HPA target and service account, labels on metadata and templates only', () => {
  const { objects, findings } = built(CATALOG, 'apps/catalog/overlays/dev/kustomization.yaml');
  assert.deepEqual(findings, []);
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } },
      spec: {
        replicas: 1, selector: { matchLabels: { app: 'catalog' } },
        template: { metadata: { labels: { app: 'catalog', env: 'dev' } }, spec: { serviceAccountName: 'dev-catalog', containers } },
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dev-catalog-debug', namespace: 'catalog', labels: { env: 'dev' } },
      spec: { template: { metadata: { labels: { app: 'catalog-debug', env: 'dev' } }, spec: { containers: [{ name: 'shell', image: 'busybox' }] } } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } } },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'dev-catalog' }, minReplicas: 1, maxReplicas: 2 },
    },
  ]);
});

test('prod overlay: $patch: delete drops a Deployment, commonLabels reach selectors, the replicas field wins over the earlier patch', () => {
  const { objects, findings } = built(CATALOG, 'apps/catalog/overlays/prod/kustomization.yaml');
  assert.deepEqual(findings, []);
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: {
        replicas: 12, selector: { matchLabels: { app: 'catalog', tier: 'sg' } },
        template: { metadata: { labels: { app: 'catalog', tier: 'sg' } }, spec: { serviceAccountName: 'prod-catalog', containers } },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } } },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'prod-catalog' }, minReplicas: 1, maxReplicas: 2 },
    },
    {
      apiVersion: 'vpcresources.k8s.aws/v1beta1', kind: 'SecurityGroupPolicy', metadata: { name: 'prod-catalog-pods', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: { podSelector: { matchLabels: { tier: 'sg' } }, securityGroups: { groupIds: ['sg-0123456789abcdef0'] } },
    },
  ]);
});
