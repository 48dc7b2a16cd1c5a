#!/usr/bin/env node
// node validate.mjs [--json] FILE...
//
// Checks state machine definitions (*.asl.json) and CloudFormation templates (other *.json with Resources) against
// AWS's published specifications; see docs/aws-validation.md. Exit code: 0 all valid, 1 problems found, 2 usage,
// input or installation error.
import { DependencyError } from './lib/dependencies.mjs';
import { InputError, Validator } from './lib/validate-files.mjs';

const usage = 'usage: node validate.mjs [--json] FILE...';

function parseArguments(args) {
  const files = [];
  let json = false;
  for (const arg of args) {
    if (arg === '--json') {
      json = true;
    } else if (arg === '--help' || arg === '-h') {
      return { help: true };
    } else if (arg.startsWith('-')) {
      throw new InputError(`unknown option ${arg}\n${usage}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) {
    throw new InputError(usage);
  }
  return { json, files };
}

function printText(results) {
  for (const { file, problems } of results) {
    if (problems.length === 0) {
      console.log(`${file}: OK`);
    }
    for (const p of problems) {
      console.log(`${file}: ${p.path}: ${p.message} [${p.check}]`);
    }
  }
}

function printJson(results) {
  const flat = results.flatMap(({ file, problems }) => problems.map((p) => ({ file, ...p })));
  console.log(JSON.stringify(flat, null, 2));
}

function main() {
  try {
    const options = parseArguments(process.argv.slice(2));
    if (options.help) {
      console.log(usage);
      return 0;
    }
    const results = new Validator().validateFiles(options.files);
    (options.json ? printJson : printText)(results);
    return results.some((r) => r.problems.length > 0) ? 1 : 0;
  } catch (error) {
    // Usage, input and installation errors, and any failure of the validator itself: never 0 or 1.
    console.error(error instanceof InputError || error instanceof DependencyError ? error.message : error.stack);
    return 2;
  }
}

process.exitCode = main();
