// CloudFormation resource properties checked against the resource database shipped in @aws-cdk/aws-service-spec.
//
// db.json.gz is one JSON object: { idCtr, schema }. schema.<kind>.entities is a flat array of one kind of entity;
// entities refer to each other by "$id" and { "$ref": id }. Two kinds matter here:
//   resource:       { cloudFormationType, properties, attributes, arnTemplate, ... }
//   typeDefinition: { name, properties }   (a nested property type, e.g. AWS::IAM::Role's Policy)
// A property is { type, previousTypes?, required? }. A type is { type: kind, ... } with kind one of
//   string | number | integer | boolean | date-time | json        (primitives; string and integer may carry allowedValues)
//   array { element } | map { element }                          (a list, a string-keyed object)
//   ref { reference: { $ref } }                                   (an object of that typeDefinition)
//   tag                                                           ({ Key, Value }, both strings)
//   union { types }                                               (any one of them)
// previousTypes lists types the property had before; CloudFormation still accepts values of those types.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Check, describe, isPlainObject, problem } from './report.mjs';

/** Loads the database: resource entities by CloudFormation type, type definitions by id. */
export function loadResourceSpec(databasePath) {
  const { schema } = JSON.parse(gunzipSync(readFileSync(databasePath)).toString('utf8'));
  return {
    resources: new Map(schema.resource.entities.map((r) => [r.cloudFormationType, r])),
    typeDefinitions: new Map(schema.typeDefinition.entities.map((t) => [t.$id, t])),
  };
}

const tagType = {
  name: 'Tag',
  properties: { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
};

/**
 * Checks one resource's Properties object against its spec entity. `intrinsic(value, path, problems, checkBranch)`
 * is called for each value that is an intrinsic function, and for each free-form JSON value (the template check knows
 * what they may refer to); `checkBranch(value, path)`, when given, checks a Fn::If branch against the expected type.
 */
export function checkResourceProperties(spec, resource, properties, path, intrinsic) {
  const problems = [];
  const checker = new ValueChecker(spec, intrinsic, problems);
  checker.structure(properties, { name: resource.cloudFormationType, properties: resource.properties }, path);
  return problems;
}

/** Whether a value is a CloudFormation intrinsic function call: an object with one key, Ref or Fn::*. */
export function isIntrinsic(value) {
  if (!isPlainObject(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

class ValueChecker {
  constructor(spec, intrinsic, problems) {
    this.spec = spec;
    this.intrinsic = intrinsic;
    this.problems = problems;
  }

  report(path, message) {
    this.problems.push(problem(Check.spec, path, message));
  }

  /** An object whose keys must be the definition's properties, with the required ones present. */
  structure(value, definition, path) {
    if (!isPlainObject(value)) {
      this.report(path, `expected a ${definition.name} object, got ${describe(value)}`);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      const property = definition.properties[key];
      if (property === undefined) {
        this.report([...path, key], `unknown property ${key} of ${definition.name}`);
      } else {
        this.property(item, property, [...path, key]);
      }
    }
    for (const [key, property] of Object.entries(definition.properties)) {
      if (property.required && !(key in value)) {
        this.report(path, `required property ${key} of ${definition.name} is missing`);
      }
    }
  }

  property(value, property, path) {
    this.value(value, [property.type, ...(property.previousTypes ?? [])], path);
  }

  /** A value that must match one of several types (a union, or a property's current and previous types). */
  value(value, types, path) {
    if (isIntrinsic(value)) {
      this.intrinsic(value, path, this.problems, (branch, at) => this.value(branch, types, at));
      return;
    }
    const alternatives = distinct(types.flatMap((t) => (t.type === 'union' ? t.types : [t])));
    if (alternatives.length === 1) {
      this.single(value, alternatives[0], path);
      return;
    }
    const attempts = alternatives.map((t) => this.attempt(value, t, path));
    if (attempts.some((a) => a.length === 0)) {
      return;
    }
    // Report the errors of the one alternative of the value's JSON kind, if there is exactly one.
    const sameKind = alternatives.map((t, i) => [t, attempts[i]]).filter(([t]) => kindsOf(t).includes(kindOf(value)));
    if (sameKind.length === 1) {
      this.problems.push(...sameKind[0][1]);
    } else {
      this.report(path, `expected ${alternatives.map((t) => this.typeName(t)).join(' or ')}, got ${describe(value)}`);
    }
  }

  attempt(value, type, path) {
    const nested = new ValueChecker(this.spec, this.intrinsic, []);
    nested.single(value, type, path);
    return nested.problems;
  }

  single(value, type, path) {
    switch (type.type) {
      case 'string':
      case 'date-time':
        this.primitive(value, type, path, typeof value === 'string');
        break;
      case 'number':
        this.primitive(value, type, path, typeof value === 'number');
        break;
      case 'integer':
        this.primitive(value, type, path, Number.isInteger(value));
        break;
      case 'boolean':
        this.primitive(value, type, path, typeof value === 'boolean');
        break;
      case 'json':
        this.json(value, path);
        break;
      case 'array':
        this.array(value, type.element, path);
        break;
      case 'map':
        this.map(value, type.element, path);
        break;
      case 'tag':
        this.structure(value, tagType, path);
        break;
      case 'ref':
        this.structure(value, this.spec.typeDefinitions.get(type.reference.$ref), path);
        break;
      case 'union':
        this.value(value, type.types, path);
        break;
      default:
        this.report(path, `the spec has a type this check does not know: ${JSON.stringify(type)}`);
    }
  }

  primitive(value, type, path, matches) {
    if (!matches) {
      this.report(path, `expected ${type.type}, got ${describe(value)}`);
    } else if (type.allowedValues && !type.allowedValues.includes(value)) {
      this.report(path, `${JSON.stringify(value)} is not one of ${type.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }

  /** Free-form JSON (an IAM policy, a state machine definition): any object; intrinsics inside are still checked. */
  json(value, path) {
    if (typeof value !== 'object' || value === null) {
      this.report(path, `expected a JSON object, got ${describe(value)}`);
      return;
    }
    this.intrinsic(value, path, this.problems);
  }

  array(value, element, path) {
    if (!Array.isArray(value)) {
      this.report(path, `expected a list of ${this.typeName(element)}, got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) => this.value(item, [element], [...path, i]));
  }

  map(value, element, path) {
    if (!isPlainObject(value)) {
      this.report(path, `expected a map of ${this.typeName(element)}, got ${describe(value)}`);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      this.value(item, [element], [...path, key]);
    }
  }

  typeName(type) {
    switch (type.type) {
      case 'array':
        return `list of ${this.typeName(type.element)}`;
      case 'map':
        return `map of ${this.typeName(type.element)}`;
      case 'ref':
        return this.spec.typeDefinitions.get(type.reference.$ref)?.name ?? 'object';
      case 'tag':
        return 'Tag';
      case 'union':
        return type.types.map((t) => this.typeName(t)).join(' or ');
      default:
        return type.type;
    }
  }
}

/** Types without repeats: a property's previous type is often one of the current union's. */
function distinct(types) {
  const seen = new Set();
  return types.filter((t) => !seen.has(JSON.stringify(t)) && seen.add(JSON.stringify(t)));
}

function kindOf(value) {
  if (Array.isArray(value)) {
    return 'array';
  }
  return value === null ? 'null' : typeof value;
}

/** The JSON kinds of value a spec type accepts. */
function kindsOf(type) {
  switch (type.type) {
    case 'string':
    case 'date-time':
      return ['string'];
    case 'number':
    case 'integer':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'json':
      return ['object', 'array'];
    case 'array':
      return ['array'];
    case 'union':
      return type.types.flatMap(kindsOf);
    default:
      return ['object'];
  }
}
