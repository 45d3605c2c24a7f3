// Pieces of the generated workspaces that scaling tests share: a policy selecting pods labelled `sg: "on"`,
// and documents split into files of a fixed size, analysed as the CLI would.
import { analyze, parseConfig, type Analysis } from '../../shared';

export const SG_POLICY = `apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata: {name: sg, namespace: team}
spec:
  podSelector: {matchLabels: {sg: "on"}}
  securityGroups: {groupIds: [sg-0123456789abcdef0]}`;

/** Documents in files of `perFile` each, named `<dir>/f0000.yaml`, `<dir>/f0001.yaml`… */
export function filesOf(dir: string, docs: string[], perFile = 50): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  for (let at = 0; at < docs.length; at += perFile) {
    files.push({ file: `${dir}/f${String(at / perFile).padStart(4, '0')}.yaml`, text: docs.slice(at, at + perFile).join('\n---\n') + '\n' });
  }
  return files;
}

export function analyzeGenerated(dir: string, configText: string, files: { file: string; text: string }[]): Analysis {
  const { config, errors } = parseConfig(configText, `${dir}/.eni-lens.yaml`);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return analyze(files, config);
}
