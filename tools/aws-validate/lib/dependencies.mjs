// Finds the validator's packages (installed by `make deps-aws` into .build/aws-validate) and the data they ship.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The checked-in SageMaker API model (see models/README.md). */
export const sageMakerModelPath = join(toolDirectory, 'models', 'sagemaker-2017-07-24.service-2.json.gz');

/** Raised when the packages are missing or not at the pinned versions; the CLI exits 2 with its message. */
export class DependencyError extends Error {}

/**
 * The directory holding node_modules: MLMAX_AWS_VALIDATE if set, else .build/aws-validate at the repository root,
 * else this tool's own directory (after a plain `npm ci` in tools/aws-validate).
 */
function installDirectory() {
  const configured = process.env.MLMAX_AWS_VALIDATE;
  if (configured) {
    return resolve(configured);
  }
  const candidates = [resolve(toolDirectory, '..', '..', '.build', 'aws-validate'), toolDirectory];
  return candidates.find((d) => existsSync(join(d, 'node_modules', 'asl-validator', 'package.json'))) ?? candidates[0];
}

/** Fails unless every package pinned in package.json is installed at exactly that version. */
function checkPinnedVersions(directory) {
  const pinned = JSON.parse(readFileSync(join(toolDirectory, 'package.json'), 'utf8')).dependencies;
  for (const [name, version] of Object.entries(pinned)) {
    const manifest = join(directory, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) {
      throw new DependencyError(`${name} is not installed in ${directory} (run make deps-aws)`);
    }
    const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (installed !== version) {
      throw new DependencyError(`${name} ${installed} is installed in ${directory}, but ${version} is pinned (run make deps-aws)`);
    }
  }
}

/**
 * Loads the pinned packages: asl-validator's function, statelint's class, and the path of the CloudFormation
 * resource database shipped in @aws-cdk/aws-service-spec.
 */
export function loadDependencies() {
  const directory = installDirectory();
  checkPinnedVersions(directory);
  const require = createRequire(join(directory, 'package.json'));
  return {
    directory,
    aslValidator: require('asl-validator'),
    StateLint: require('@wmfs/statelint').StateLint,
    resourceDatabasePath: join(dirname(require.resolve('@aws-cdk/aws-service-spec/package.json')), 'db.json.gz'),
  };
}
