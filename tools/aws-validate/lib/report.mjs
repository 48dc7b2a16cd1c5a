// Problems found by the checks, and how their locations are written.

/** The names of the checks, as they appear in reports. */
export const Check = Object.freeze({
  json: 'json',
  template: 'cfn-template',
  spec: 'cfn-spec',
  aslValidator: 'asl-validator',
  statelint: 'statelint',
  sageMaker: 'sagemaker',
});

/**
 * A location in a JSON document: an array of object keys and array indexes from the root.
 * Written as `Resources.Role.Properties.Policies[0].PolicyDocument`; a key that is not a plain identifier is
 * quoted: `Parameters["ProcessingJobName.$"]`.
 */
export function formatPath(segments) {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else {
      text += `[${JSON.stringify(segment)}]`;
    }
  }
  return text === '' ? '(root)' : text;
}

/** One problem: which check found it, where (a path array, or text already formatted), and what is wrong. */
export function problem(check, path, message) {
  return { check, path: typeof path === 'string' ? path : formatPath(path), message };
}

/** The segments of a JSON pointer (`/States/A/Retry/0`), with `~1` and `~0` unescaped and indexes as numbers. */
export function pointerSegments(pointer) {
  if (!pointer) {
    return [];
  }
  return pointer.split('/').slice(1).map((raw) => {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment;
  });
}

/** A short description of a JSON value's kind, for messages. */
export function describe(value) {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
