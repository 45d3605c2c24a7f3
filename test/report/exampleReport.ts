// The capacity report of a bundled example, analysed as the CLI would (its .eni-lens.yaml or the defaults, every YAML file).
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../shared';
import { collectManifestFiles, loadConfigFile } from '../../shared/node/files';
import { buildCapacityReport, type CapacityReport } from '../../shared/report';
import { EXAMPLES } from '../helpers/paths';

export function exampleReport(name: string): CapacityReport {
  const dir = path.join(EXAMPLES, name);
  const configFile = path.join(dir, '.eni-lens.yaml');
  const { config, errors } = loadConfigFile(fs.existsSync(configFile) ? configFile : undefined);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  const sources = collectManifestFiles([dir]).map((file) => ({ file: path.relative(EXAMPLES, file), text: fs.readFileSync(file, 'utf8') }));
  return buildCapacityReport([{ title: `${name}/.eni-lens.yaml`, analysis: analyze(sources, config) }]);
}
