// Amazon States Language: two independent validators, asl-validator (a JSON schema plus transition checks) and
// statelint (the rules of the ASL specification, written in J2119).
import { Check, formatPath, isPlainObject, pointerSegments, problem } from './report.mjs';

/**
 * Problems asl-validator and statelint find in one definition; `basePath` is where it sits in its file.
 * `statelint` is a StateLint instance (building one reads its J2119 rules, so it is made once and reused).
 */
export function checkStateMachine({ aslValidator, statelint }, definition, basePath) {
  return [
    ...aslValidatorProblems(aslValidator, definition, basePath),
    ...statelintProblems(statelint, definition, basePath),
  ];
}

// asl-validator returns [{ "Error code", Message, schemaError?: { instancePath } }]; only schema errors carry a
// location (a JSON pointer), the others are located from the state they name. It sets a default QueryLanguage on
// each state, so it gets a copy.
function aslValidatorProblems(aslValidator, definition, basePath) {
  const { errors } = aslValidator(structuredClone(definition));
  return errors.map((error) => problem(
    Check.aslValidator,
    [...basePath, ...(error.schemaError ? pointerSegments(error.schemaError.instancePath) : locate(definition, error.Message))],
    `${error.Message} (${error['Error code']})`,
  ));
}

// "Missing 'StartAt'|'Next'|'Default' target: X" points at the transition to X; "State X is not reachable" at X.
function locate(definition, message) {
  const target = /target: (.+)$/.exec(message)?.[1];
  if (target !== undefined) {
    return findPath(definition, (key, value) => ['StartAt', 'Next', 'Default'].includes(key) && value === target) ?? [];
  }
  const state = /^State (.+) is not reachable$/.exec(message)?.[1];
  if (state !== undefined) {
    return findPath(definition, (key, value) => key === 'States' && isPlainObject(value) && state in value)?.concat(state) ?? [];
  }
  return [];
}

/** The path of the first object member (depth first) for which `matches(key, value)` holds. */
function findPath(tree, matches, path = []) {
  if (typeof tree !== 'object' || tree === null) {
    return undefined;
  }
  for (const [key, value] of Object.entries(tree)) {
    const at = [...path, Array.isArray(tree) ? Number(key) : key];
    if (!Array.isArray(tree) && matches(key, value)) {
      return at;
    }
    const found = findPath(value, matches, at);
    if (found) {
      return found;
    }
  }
  return undefined;
}

// statelint returns plain messages that name the place as "State Machine.States.A.Next", or for some rules
// "State Machine.A" (a top-level state by its name alone); that part becomes the path.
function statelintProblems(statelint, definition, basePath) {
  const messages = statelint.validate(structuredClone(definition));
  return messages.map((message) => {
    let place = /State Machine((?:\.[^\s".,]+|\[\d+\])*)/.exec(message)?.[1] ?? '';
    const first = /^\.([^.[]+)/.exec(place)?.[1];
    if (first !== undefined && !(first in definition) && isPlainObject(definition.States) && first in definition.States) {
      place = `.States${place}`;
    }
    const base = basePath.length === 0 ? '' : formatPath(basePath);
    const path = base === '' ? place.replace(/^\./, '') : `${base}${place}`;
    return problem(Check.statelint, path === '' ? '(root)' : path, message);
  });
}
