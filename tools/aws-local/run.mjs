#!/usr/bin/env node
// Runs a state machine compiled by `mlmax aws compile` on this machine, for tests: aws-local-stepfunctions interprets
// the Amazon States Language, and every SageMaker task is handed to a local stand-in program instead of SageMaker.
//
//   node tools/aws-local/run.mjs --definition PIPELINE.asl.json --substitutions subs.json --input input.json \
//     --name RUN [--sagemaker '["program", "arg", ...]'] [--executions FILE] [--state-machine NAME] [--modules DIR]
//
// --substitutions: a JSON object of the template's DefinitionSubstitutions values (ArtifactBucket, CodeVersion, ...).
// --sagemaker: the stand-in, as a JSON array (program and arguments). It is started once per task attempt with
//   {"resource": "arn:aws:states:::sagemaker:createTrainingJob.sync", "request": {...}} on standard input, and prints
//   the Describe*Job response (with its ...JobStatus) as JSON on standard output.
// --executions: for states:startExecution tasks (the starter of schedules and watches), a JSON file standing for Step
//   Functions' executions: each start is appended ({StateMachineArn, Name, Input}), and a start whose state machine and
//   name are already there fails with StepFunctions.ExecutionAlreadyExistsException, as Step Functions does.
// --state-machine: the state machine's name in the context object ($$.StateMachine.Name), default mlmax-local.
// --modules: the folder whose node_modules holds aws-local-stepfunctions (default: .build/aws-local above this file).
//
// Prints one JSON object: {"status": "SUCCEEDED"|"FAILED", "output"|"error": ..., "states": [entered states], "retries": [...]}.
// Exit code 0 when the execution succeeded, 1 when it failed, 2 when it could not run.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node.js has from version 22 on.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolvePromise;
    let rejectPromise;
    const promise = new this((res, rej) => {
      resolvePromise = res;
      rejectPromise = rej;
    });
    return { promise, resolve: resolvePromise, reject: rejectPromise };
  };
}

const SAGEMAKER_SYNC = /^arn:aws:states:::sagemaker:(createProcessingJob|createTrainingJob)\.sync$/;
const START_EXECUTION = 'arn:aws:states:::states:startExecution';
const PLACEHOLDER = /\$\{([A-Za-z0-9_.:]+)\}/g;
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/** An error a task ends with: `name` is what Retry and Catch match, the message is the cause. */
class TaskError extends Error {
  constructor(name, cause) {
    super(cause);
    this.name = name;
  }
}

/** Replaces `${Name}` in every string (keys and values) of the definition, as CloudFormation's DefinitionSubstitutions do. */
function substitute(node, substitutions, missing = new Set()) {
  const replace = (text) => text.replace(PLACEHOLDER, (whole, name) => {
    if (!Object.hasOwn(substitutions, name)) {
      missing.add(name);
      return whole;
    }
    return String(substitutions[name]);
  });
  if (typeof node === 'string') {
    return replace(node);
  }
  if (Array.isArray(node)) {
    return node.map((item) => substitute(item, substitutions, missing));
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [replace(key), substitute(value, substitutions, missing)]));
  }
  return node;
}

function isIntrinsic(path) {
  return typeof path === 'string' && path.startsWith('States.');
}

/** The library reads a Fail state's ErrorPath and CausePath as JSONPath only; intrinsic functions there are evaluated
 * here instead. Returns the definition without them, and the Fail states that had them. */
function splitFailPaths(definition) {
  const failPaths = {};
  const states = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Fail' && (isIntrinsic(state.ErrorPath) || isIntrinsic(state.CausePath))) {
      failPaths[name] = { ErrorPath: state.ErrorPath, CausePath: state.CausePath };
      const { ErrorPath, CausePath, ...rest } = state;
      states[name] = {
        ...rest,
        ...(ErrorPath && !isIntrinsic(ErrorPath) ? { ErrorPath } : {}),
        ...(CausePath && !isIntrinsic(CausePath) ? { CausePath } : {}),
      };
    } else {
      states[name] = state;
    }
  }
  return { definition: { ...definition, States: states }, failPaths };
}

/** Evaluates a path or intrinsic function against a state's input, with the library's own evaluator (a Pass state). */
async function evaluate(StateMachine, expression, input, context) {
  const probe = new StateMachine({ StartAt: 'Evaluate', States: { Evaluate: { Type: 'Pass', Parameters: { 'value.$': expression }, End: true } } });
  const { value } = await probe.run(input, { context }).result;
  return value;
}

function runStandIn(command, resource, request) {
  return new Promise((resolvePromise, rejectPromise) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', rejectPromise);
    child.on('close', (code) => {
      if (code !== 0) {
        rejectPromise(new TaskError('SageMaker.AmazonSageMakerException', `the SageMaker stand-in refused the request (exit ${code}): ${stdout.trim()}`));
        return;
      }
      try {
        resolvePromise(JSON.parse(stdout));
      } catch (e) {
        rejectPromise(new TaskError('States.Runtime', `the SageMaker stand-in printed no JSON: ${e.message}`));
      }
    });
    // A stand-in that exits before reading its request is reported by 'close' with its exit code.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify({ resource, request }));
  });
}

/** A local handler doing what the .sync integration does: start the job, wait for it, return its Describe response,
 * or fail with States.TaskFailed and the job's failure reason. */
function sageMakerHandler(command, resource, jobs) {
  const kind = resource.includes('createTrainingJob') ? 'Training' : 'Processing';
  return async (request) => {
    const described = await runStandIn(command, resource, request);
    jobs.push({ kind: kind.toLowerCase(), name: described[`${kind}JobName`], status: described[`${kind}JobStatus`] });
    if (described[`${kind}JobStatus`] !== 'Completed') {
      throw new TaskError('States.TaskFailed', described.FailureReason ?? `${kind} job ${described[`${kind}JobStatus`]}`);
    }
    return described;
  };
}

/** The library's own SHA-256 is wrong for texts of 56 bytes or more: a startExecution name of the form
 * States.Hash(EXPRESSION, 'SHA-256') is evaluated here, the library evaluating EXPRESSION and node:crypto hashing it. */
const HASHED_NAME = /^States\.Hash\((.*), 'SHA-256'\)$/s;

function splitHashedName(state) {
  const expression = state.Parameters?.['Name.$'];
  const match = typeof expression === 'string' ? HASHED_NAME.exec(expression) : null;
  if (!match) {
    return { state, hashed: false };
  }
  return { state: { ...state, Parameters: { ...state.Parameters, 'Name.$': match[1] } }, hashed: true };
}

/** A local handler doing what startExecution (request-response) does: start once per state machine and name. */
function startExecutionHandler(file, hashed) {
  return async (original) => {
    const request = hashed ? { ...original, Name: createHash('sha256').update(String(original.Name), 'utf8').digest('hex') } : original;
    const started = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
    const arn = `${String(request.StateMachineArn).replace(':stateMachine:', ':execution:')}:${request.Name}`;
    if (typeof request.Name !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(request.Name)) {
      throw new TaskError('StepFunctions.InvalidNameException', `Invalid Name: '${request.Name}'`);
    }
    if (started.some((s) => s.StateMachineArn === request.StateMachineArn && s.Name === request.Name)) {
      throw new TaskError('StepFunctions.ExecutionAlreadyExistsException', `Execution Already Exists: '${arn}'`);
    }
    started.push({ StateMachineArn: request.StateMachineArn, Name: request.Name, Input: request.Input });
    writeFileSync(file, JSON.stringify(started, null, 2));
    return { ExecutionArn: arn, StartDate: new Date().toISOString() };
  };
}

async function loadLibrary(modules) {
  const packageDirectory = join(modules, 'node_modules', 'aws-local-stepfunctions');
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));
  const entry = manifest.exports?.import ?? manifest.module;
  return import(pathToFileURL(join(packageDirectory, entry)).href);
}

function defaultModules() {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const candidate = join(d, '.build', 'aws-local');
    if (existsSync(join(candidate, 'node_modules', 'aws-local-stepfunctions'))) {
      return candidate;
    }
    if (dirname(d) === d) {
      throw new Error('aws-local-stepfunctions not found in .build/aws-local above this script: run make deps-aws-local, or pass --modules');
    }
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      definition: { type: 'string' },
      substitutions: { type: 'string' },
      input: { type: 'string' },
      name: { type: 'string' },
      sagemaker: { type: 'string' },
      executions: { type: 'string' },
      modules: { type: 'string' },
      'state-machine': { type: 'string' },
    },
  });
  for (const required of ['definition', 'substitutions', 'input', 'name']) {
    if (!values[required]) {
      throw new Error(`--${required} is required`);
    }
  }

  const { StateMachine } = await loadLibrary(resolve(values.modules ?? defaultModules()));
  const missing = new Set();
  const substituted = substitute(JSON.parse(readFileSync(values.definition, 'utf8')), JSON.parse(readFileSync(values.substitutions, 'utf8')), missing);
  if (missing.size > 0) {
    throw new Error(`the definition uses substitutions that --substitutions does not give: ${[...missing].sort().join(', ')}`);
  }

  const { definition, failPaths } = splitFailPaths(substituted);
  const command = values.sagemaker ? JSON.parse(values.sagemaker) : null;
  const jobs = [];
  const handlers = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') {
      continue;
    }
    if (state.Resource === START_EXECUTION) {
      if (!values.executions) {
        throw new Error(`state ${name} starts executions: pass --executions FILE`);
      }
      const split = splitHashedName(state);
      definition.States[name] = split.state;
      handlers[name] = startExecutionHandler(values.executions, split.hashed);
      continue;
    }
    if (!SAGEMAKER_SYNC.test(state.Resource)) {
      throw new Error(`state ${name}: resource ${state.Resource} is neither a SageMaker .sync integration nor startExecution; only those run locally`);
    }
    if (!command) {
      throw new Error(`state ${name} runs a SageMaker job: pass --sagemaker`);
    }
    handlers[name] = sageMakerHandler(command, state.Resource, jobs);
  }

  const machineName = values['state-machine'] ?? 'mlmax-local';
  const context = {
    Execution: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machineName}:${values.name}`, Name: values.name },
    StateMachine: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${machineName}`, Name: machineName },
  };

  const machine = new StateMachine(definition);
  const execution = machine.run(JSON.parse(readFileSync(values.input, 'utf8')), {
    context,
    overrides: { taskResourceLocalHandlers: handlers },
  });
  const states = [];
  const retries = [];
  let last = null;
  const events = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        states.push(event.state.name);
        last = event.state;
      } else if (event.type === 'StateRetried') {
        retries.push({ state: event.state.name, attempt: event.retry.attempt });
      }
    }
  })();

  let output;
  let failure;
  try {
    output = await execution.result;
  } catch (e) {
    failure = e.cause ?? e;
  }
  await events;

  let report = { status: 'SUCCEEDED', output };
  if (failure) {
    let error = { name: failure.name, cause: failure.message };
    if (last?.type === 'Fail' && failPaths[last.name]) {
      const { ErrorPath, CausePath } = failPaths[last.name];
      error = {
        name: ErrorPath ? await evaluate(StateMachine, ErrorPath, last.input, context) : error.name,
        cause: CausePath ? await evaluate(StateMachine, CausePath, last.input, context) : error.cause,
      };
    }
    report = { status: 'FAILED', error };
  }

  process.stdout.write(`${JSON.stringify({ ...report, states, retries, jobs }, null, 2)}\n`);
  return report.status === 'SUCCEEDED' ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`run.mjs: ${e.message}\n`);
    process.exitCode = 2;
  },
);
