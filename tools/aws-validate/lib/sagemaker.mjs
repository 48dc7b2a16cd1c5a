// The Parameters of Task states that call SageMaker, checked against the request shape of that API operation.
//
// The model (models/sagemaker-2017-07-24.service-2.json.gz) is AWS's JSON API description:
//   operations.<Name>.input.shape      -> the request shape's name
//   shapes.<Name> = { type, ... }      with type one of
//     structure { members: { Member: { shape } }, required: [Member], union? }   (union: exactly one member set)
//     list { member: { shape }, min?, max? }                                     (min/max: number of items)
//     map { key: { shape }, value: { shape }, min?, max? }
//     string { enum?, pattern?, min?, max? }                                     (min/max: length)
//     integer | long | float | double { min?, max? }                             (min/max: value)
//     boolean | timestamp | blob
// Patterns are ECMAScript-style and not anchored in the file; the service matches them against the whole value.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Check, describe, isPlainObject, problem } from './report.mjs';

/** Loads the API model. */
export function loadSageMakerModel(path) {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
}

// arn:aws:states:::sagemaker:createTrainingJob.sync (optimised integration) or
// arn:aws:states:::aws-sdk:sagemaker:createTrainingJob (SDK integration); the partition may be aws-cn, aws-us-gov, ...
const resourcePattern = /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?sagemaker:([a-zA-Z0-9]+)(?:\.(?:sync|waitForTaskToken))?$/;

/** The SageMaker API operation a Task state's Resource calls (createProcessingJob -> CreateProcessingJob), or undefined. */
export function sageMakerOperation(resource) {
  const match = typeof resource === 'string' ? resourcePattern.exec(resource) : null;
  return match ? match[1][0].toUpperCase() + match[1].slice(1) : undefined;
}

/** Every Task state in a definition, in nested Parallel branches and Map processors too, with its path. */
export function* taskStates(definition, path = []) {
  if (!isPlainObject(definition?.States)) {
    return;
  }
  for (const [name, state] of Object.entries(definition.States)) {
    const at = [...path, 'States', name];
    if (!isPlainObject(state)) {
      continue;
    }
    if (state.Type === 'Task') {
      yield { name, state, path: at };
    }
    if (Array.isArray(state.Branches)) {
      for (const [i, branch] of state.Branches.entries()) {
        yield* taskStates(branch, [...at, 'Branches', i]);
      }
    }
    for (const key of ['Iterator', 'ItemProcessor']) {
      yield* taskStates(state[key], [...at, key]);
    }
  }
}

/** Checks the Parameters of every SageMaker Task state in a definition. */
export function checkSageMakerTasks(model, definition, basePath) {
  const problems = [];
  for (const { state, path } of taskStates(definition, basePath)) {
    const operation = sageMakerOperation(state.Resource);
    if (operation === undefined) {
      continue;
    }
    const input = model.operations[operation]?.input;
    if (!input) {
      problems.push(problem(Check.sageMaker, [...path, 'Resource'], `SageMaker has no API operation ${operation}`));
      continue;
    }
    const parameters = state.Parameters ?? {};
    new RequestChecker(model, problems).shape(parameters, input.shape, [...path, 'Parameters']);
  }
  return problems;
}

/** A key ending in `.$` takes a JsonPath or intrinsic function evaluated at run time. */
function dynamicKey(key) {
  return key.endsWith('.$') ? key.slice(0, -2) : undefined;
}

function isDynamicValue(value) {
  return typeof value === 'string' && (value.startsWith('$') || value.startsWith('States.'));
}

class RequestChecker {
  constructor(model, problems) {
    this.model = model;
    this.problems = problems;
    this.patterns = new Map();
  }

  report(path, message) {
    this.problems.push(problem(Check.sageMaker, path, message));
  }

  shape(value, shapeName, path) {
    const shape = this.model.shapes[shapeName];
    switch (shape.type) {
      case 'structure':
        this.structure(value, shapeName, shape, path);
        break;
      case 'list':
        this.list(value, shapeName, shape, path);
        break;
      case 'map':
        this.map(value, shapeName, shape, path);
        break;
      case 'string':
        this.string(value, shapeName, shape, path);
        break;
      case 'integer':
      case 'long':
        this.number(value, shapeName, shape, path, Number.isInteger(value), 'an integer');
        break;
      case 'float':
      case 'double':
        this.number(value, shapeName, shape, path, typeof value === 'number', 'a number');
        break;
      case 'boolean':
        this.expect(typeof value === 'boolean', value, shapeName, path, 'a boolean');
        break;
      case 'timestamp':
        this.expect(typeof value === 'string' || typeof value === 'number', value, shapeName, path, 'a timestamp');
        break;
      case 'blob':
        this.expect(typeof value === 'string', value, shapeName, path, 'base64 text');
        break;
      default:
        this.report(path, `the model has a shape type this check does not know: ${shape.type}`);
    }
  }

  expect(matches, value, shapeName, path, kind) {
    if (!matches) {
      this.report(path, `${shapeName}: expected ${kind}, got ${describe(value)}`);
    }
    return matches;
  }

  structure(value, shapeName, shape, path) {
    if (!this.expect(isPlainObject(value), value, shapeName, path, `a ${shapeName} object`)) {
      return;
    }
    const present = new Set();
    for (const [key, item] of Object.entries(value)) {
      const name = dynamicKey(key) ?? key;
      const member = shape.members[name];
      present.add(name);
      if (member === undefined) {
        this.report([...path, key], `unknown member ${name} of ${shapeName} (members: ${Object.keys(shape.members).join(', ')})`);
      } else if (dynamicKey(key) !== undefined) {
        this.dynamic(item, [...path, key]);
      } else {
        this.shape(item, member.shape, [...path, key]);
      }
    }
    for (const name of shape.required ?? []) {
      if (!present.has(name)) {
        this.report(path, `required member ${name} of ${shapeName} is missing`);
      }
    }
    if (shape.union && present.size !== 1) {
      this.report(path, `${shapeName} takes exactly one of ${Object.keys(shape.members).join(', ')}`);
    }
  }

  dynamic(value, path) {
    if (!isDynamicValue(value)) {
      this.report(path, `a key ending in .$ takes a JsonPath ($...) or an intrinsic function (States....), got ${describe(value)}`);
    }
  }

  list(value, shapeName, shape, path) {
    if (!this.expect(Array.isArray(value), value, shapeName, path, 'a list')) {
      return;
    }
    this.count(value.length, shapeName, shape, path, 'items');
    value.forEach((item, i) => this.shape(item, shape.member.shape, [...path, i]));
  }

  map(value, shapeName, shape, path) {
    if (!this.expect(isPlainObject(value), value, shapeName, path, 'a map')) {
      return;
    }
    this.count(Object.keys(value).length, shapeName, shape, path, 'entries');
    for (const [key, item] of Object.entries(value)) {
      const name = dynamicKey(key) ?? key;
      this.shape(name, shape.key.shape, [...path, key]);
      if (dynamicKey(key) !== undefined) {
        this.dynamic(item, [...path, key]);
      } else {
        this.shape(item, shape.value.shape, [...path, key]);
      }
    }
  }

  count(count, shapeName, shape, path, what) {
    if (shape.min !== undefined && count < shape.min) {
      this.report(path, `${shapeName}: at least ${shape.min} ${what}, got ${count}`);
    }
    if (shape.max !== undefined && count > shape.max) {
      this.report(path, `${shapeName}: at most ${shape.max} ${what}, got ${count}`);
    }
  }

  string(value, shapeName, shape, path) {
    if (!this.expect(typeof value === 'string', value, shapeName, path, 'a string')) {
      return;
    }
    if (shape.enum && !shape.enum.includes(value)) {
      this.report(path, `${shapeName}: ${JSON.stringify(value)} is not one of its ${shape.enum.length} values (${shape.enum.slice(0, 5).join(', ')}, ...)`);
      return;
    }
    this.count([...value].length, shapeName, shape, path, 'characters');
    const pattern = this.pattern(shape.pattern);
    if (pattern && !pattern.test(value)) {
      this.report(path, `${shapeName}: ${JSON.stringify(value)} does not match ${shape.pattern}`);
    }
  }

  number(value, shapeName, shape, path, matches, kind) {
    if (!this.expect(matches, value, shapeName, path, kind)) {
      return;
    }
    if (shape.min !== undefined && value < shape.min) {
      this.report(path, `${shapeName}: at least ${shape.min}, got ${value}`);
    }
    if (shape.max !== undefined && value > shape.max) {
      this.report(path, `${shapeName}: at most ${shape.max}, got ${value}`);
    }
  }

  /** The pattern as a whole-value regular expression; undefined if absent or not valid in JavaScript. */
  pattern(source) {
    if (source === undefined) {
      return undefined;
    }
    if (!this.patterns.has(source)) {
      this.patterns.set(source, compile(`^(?:${source})$`));
    }
    return this.patterns.get(source);
  }
}

// A few patterns in the model are written for other regular expression engines; those that JavaScript cannot
// compile (even without the u flag) are not checked.
function compile(source) {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(source, flags);
    } catch {
      // try the next flags
    }
  }
  return undefined;
}
