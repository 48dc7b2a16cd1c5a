// node tools/aws-validate/test/run.mjs: the validator's tests (node:test, no other packages). The valid fixtures
// must pass; each case in cases.mjs must fail with the problem it names; the CLI's output and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Validator } from '../lib/validate-files.mjs';
import { splitPlaceholders } from '../lib/placeholders.mjs';
import { cases } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const cli = join(here, '..', 'validate.mjs');
const validTemplate = join(fixtures, 'training.template.json');
const validAsl = join(fixtures, 'training.asl.json');

const validator = new Validator();
const scratch = mkdtempSync(join(tmpdir(), 'mlmax-aws-validate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a changed copy of a fixture under a fresh directory, keeping its file name (its kind). */
function variant(fixture, change, index) {
  const json = JSON.parse(readFileSync(join(fixtures, fixture), 'utf8'));
  change(json);
  const directory = join(scratch, String(index));
  mkdirSync(directory);
  const file = join(directory, fixture);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

function run(...args) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('valid fixtures', () => {
  test('the training template has no problems', () => {
    assert.deepEqual(validator.validateFiles([validTemplate])[0].problems, []);
  });

  test('the training definition has no problems, alone or beside its template', () => {
    assert.deepEqual(validator.validateFiles([validAsl])[0].problems, []);
    assert.deepEqual(validator.validateFiles([validTemplate, validAsl]).flatMap((r) => r.problems), []);
  });
});

describe('invalid variants', () => {
  cases.forEach((c, i) => {
    test(c.name, () => {
      const file = variant(c.fixture, c.change, i);
      const [{ problems }] = validator.validateFiles([file]);
      const found = problems.find((p) => p.check === c.expect.check && p.path === c.expect.path && p.message.includes(c.expect.message));
      assert.ok(found, `expected ${c.expect.check} at ${c.expect.path}: ...${c.expect.message}..., got:\n${JSON.stringify(problems, null, 2)}`);
    });
  });
});

describe('DefinitionString', () => {
  // The fixture's definition as a Fn::Sub string: ${Name}s resolve to Sub variables and template names.
  const asSub = (change) => (t) => {
    const properties = t.Resources.TrainingStateMachine.Properties;
    change(properties.Definition);
    properties.DefinitionString = {
      'Fn::Sub': [JSON.stringify(properties.Definition), {
        SageMakerRoleArn: { 'Fn::GetAtt': ['SageMakerRole', 'Arn'] },
        KmsKeyArn: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] },
      }],
    };
    delete properties.Definition;
    delete properties.DefinitionSubstitutions;
  };

  test('a Fn::Sub of the valid definition has no problems', () => {
    const file = variant('training.template.json', asSub(() => {}), 'sub-valid');
    assert.deepEqual(validator.validateFiles([file])[0].problems, []);
  });

  test('a SageMaker problem inside it is reported under DefinitionString', () => {
    const file = variant('training.template.json', asSub((d) => { d.States.Train.Parameters.ResourceConfig.InstanceType = 'ml.bogus'; }), 'sub-invalid');
    const paths = validator.validateFiles([file])[0].problems.map((p) => `${p.check} ${p.path}`);
    assert.deepEqual(paths, ['sagemaker Resources.TrainingStateMachine.Properties.DefinitionString.States.Train.Parameters.ResourceConfig.InstanceType']);
  });
});

describe('placeholders', () => {
  test('a string splits into text and ${Name} parts; ${!Name} is literal text', () => {
    assert.deepEqual(splitPlaceholders('s3://${Bucket}/in/${!Literal}'), [
      { text: 's3://' }, { name: 'Bucket' }, { text: '/in/' }, { text: '${Literal}' },
    ]);
    assert.deepEqual(splitPlaceholders('no placeholder ${'), [{ text: 'no placeholder ${' }]);
  });
});

describe('command line', () => {
  test('valid files: OK per file, exit 0', () => {
    const r = run(validTemplate, validAsl);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /training\.template\.json: OK/);
    assert.match(r.stdout, /training\.asl\.json: OK/);
  });

  test('problems: FILE: PATH: MESSAGE [check], exit 1; --json gives [{file, check, path, message}]', () => {
    const file = variant('training.asl.json', (d) => { delete d.States.Train.Parameters.RoleArn; }, 'cli');
    const text = run(file);
    assert.equal(text.code, 1);
    assert.ok(text.stdout.includes(`${file}: States.Train.Parameters: required member RoleArn of CreateTrainingJobRequest is missing [sagemaker]`), text.stdout);
    const json = run('--json', file);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), [{
      file, check: 'sagemaker', path: 'States.Train.Parameters', message: 'required member RoleArn of CreateTrainingJobRequest is missing',
    }]);
  });

  test('--json with valid files prints an empty array', () => {
    const r = run('--json', validAsl);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('unparsable JSON is a problem of that file, exit 1', () => {
    const file = join(scratch, 'broken.asl.json');
    writeFileSync(file, '{"StartAt": ');
    const r = run('--json', file);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout)[0].check, 'json');
  });

  test('usage and input errors: exit 2', () => {
    assert.equal(run().code, 2);
    assert.equal(run('--yaml', validAsl).code, 2);
    const missing = run(join(scratch, 'missing.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const neither = join(scratch, 'neither.json');
    writeFileSync(neither, '{"StartAt": "A", "States": {}}');
    assert.match(run(neither).stderr, /neither a state machine definition/);
  });
});
