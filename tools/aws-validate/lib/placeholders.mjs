// `${Name}` placeholders inside JSON string values: CloudFormation's Fn::Sub variables and the state machine
// DefinitionSubstitutions use the same syntax. Strings are split into parts one value at a time; the JSON text as a
// whole is never searched or rewritten.
import { isPlainObject } from './report.mjs';

/**
 * Splits one string into literal parts and placeholder names: "s3://${Bucket}/in" gives
 * [{ text: 's3://' }, { name: 'Bucket' }, { text: '/in' }]. `${!Literal}` stands for the text `${Literal}`.
 */
export function splitPlaceholders(value) {
  const parts = [];
  let rest = value;
  for (;;) {
    const start = rest.indexOf('${');
    const end = start < 0 ? -1 : rest.indexOf('}', start + 2);
    if (end < 0) {
      break;
    }
    if (start > 0) {
      parts.push({ text: rest.slice(0, start) });
    }
    const inner = rest.slice(start + 2, end);
    parts.push(inner.startsWith('!') ? { text: `\${${inner.slice(1)}}` } : { name: inner.trim() });
    rest = rest.slice(end + 1);
  }
  if (rest !== '') {
    parts.push({ text: rest });
  }
  return parts;
}

/** The placeholder names in one string. */
export function placeholderNames(value) {
  return splitPlaceholders(value).filter((p) => p.name !== undefined).map((p) => p.name);
}

/** Every placeholder in a JSON tree (in keys and string values), with the path where it occurs. */
export function findPlaceholders(tree, path = [], found = []) {
  if (typeof tree === 'string') {
    for (const name of placeholderNames(tree)) {
      found.push({ name, path });
    }
  } else if (Array.isArray(tree)) {
    tree.forEach((item, i) => findPlaceholders(item, [...path, i], found));
  } else if (isPlainObject(tree)) {
    for (const [key, item] of Object.entries(tree)) {
      for (const name of placeholderNames(key)) {
        found.push({ name, path: [...path, key] });
      }
      findPlaceholders(item, [...path, key], found);
    }
  }
  return found;
}

/** One string with each placeholder replaced by `valueOf(name)`. */
export function fillPlaceholders(value, valueOf) {
  return splitPlaceholders(value).map((p) => (p.name === undefined ? p.text : valueOf(p.name))).join('');
}

/**
 * A copy of a JSON tree with the placeholders in keys and string values replaced by `valueOf(name)`, and each
 * object for which `replaceObject(object)` returns a string replaced by that string (used for CloudFormation
 * intrinsic functions such as {"Fn::GetAtt": [...]} inside a state machine definition).
 */
export function substituteTree(tree, valueOf, replaceObject = () => undefined) {
  if (typeof tree === 'string') {
    return fillPlaceholders(tree, valueOf);
  }
  if (Array.isArray(tree)) {
    return tree.map((item) => substituteTree(item, valueOf, replaceObject));
  }
  if (isPlainObject(tree)) {
    const replaced = replaceObject(tree);
    if (replaced !== undefined) {
      return replaced;
    }
    return Object.fromEntries(Object.entries(tree).map(([key, item]) =>
      [fillPlaceholders(key, valueOf), substituteTree(item, valueOf, replaceObject)]));
  }
  return tree;
}
