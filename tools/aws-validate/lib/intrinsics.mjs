// CloudFormation intrinsic functions: each is accepted where any value is, but what it names must exist in the
// template (a parameter, resource, condition or mapping), and a Fn::GetAtt attribute must exist on the resource type.
import { splitPlaceholders } from './placeholders.mjs';
import { Check, isPlainObject, problem } from './report.mjs';
import { isIntrinsic } from './resource-spec.mjs';
import { pseudoParameters } from './samples.mjs';

const functions = new Set([
  'Ref', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join',
  'Fn::Length', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::ToJsonString', 'Fn::Transform',
  'Fn::If', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not',
]);

/** Resource types whose Fn::GetAtt attributes are not in the spec: custom resources return what they like. */
function anyAttribute(type) {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** The names a template defines, for checking what intrinsic functions refer to. */
export class TemplateNames {
  constructor(template, spec) {
    const section = (name) => (isPlainObject(template[name]) ? template[name] : {});
    this.parameters = new Set(Object.keys(section('Parameters')));
    this.resources = new Map(Object.entries(section('Resources')).map(([id, r]) => [id, isPlainObject(r) ? r.Type : undefined]));
    this.conditions = new Set(Object.keys(section('Conditions')));
    this.mappings = new Set(Object.keys(section('Mappings')));
    this.spec = spec;
  }

  /**
   * Checks every intrinsic function inside a value (the value itself, or nested in a JSON property) and pushes
   * what is wrong onto `problems`. Fn::If branches are also checked against `types` with `checkBranch`.
   */
  scan(value, path, problems, checkBranch) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.scan(item, [...path, i], problems, checkBranch));
    } else if (isIntrinsic(value)) {
      this.call(value, path, problems, checkBranch);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        this.scan(item, [...path, key], problems, checkBranch);
      }
    }
  }

  call(value, path, problems, checkBranch) {
    const [name] = Object.keys(value);
    const argument = value[name];
    const at = [...path, name];
    const report = (message) => problems.push(problem(Check.template, at, message));
    if (!functions.has(name)) {
      report(`unknown intrinsic function ${name}`);
      return;
    }
    switch (name) {
      case 'Ref':
        this.ref(argument, report);
        return;
      case 'Fn::GetAtt':
        this.getAtt(argument, report);
        if (Array.isArray(argument)) {
          this.scan(argument[1], [...at, 1], problems);
        }
        return;
      case 'Fn::Sub':
        this.sub(argument, at, problems, report);
        return;
      case 'Fn::If':
        this.if(argument, at, problems, report, checkBranch);
        return;
      case 'Fn::FindInMap':
        if (Array.isArray(argument) && typeof argument[0] === 'string' && !this.mappings.has(argument[0])) {
          report(`Fn::FindInMap names mapping ${argument[0]}, which is not in Mappings`);
        }
        break;
      default:
        break;
    }
    this.scan(argument, at, problems);
  }

  ref(target, report) {
    if (typeof target !== 'string') {
      report('Ref takes the name of a parameter, resource or pseudo parameter');
    } else if (!this.parameters.has(target) && !this.resources.has(target) && !(target in pseudoParameters)) {
      report(`Ref to ${target}, which is not a parameter, resource or pseudo parameter of this template`);
    }
  }

  getAtt(argument, report) {
    const dot = typeof argument === 'string' ? argument.indexOf('.') : -1;
    const [logicalId, attribute] = dot > 0 ? [argument.slice(0, dot), argument.slice(dot + 1)]
      : Array.isArray(argument) && argument.length === 2 ? argument : [undefined, undefined];
    if (typeof logicalId !== 'string' || !logicalId || attribute === undefined) {
      report('Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"');
      return;
    }
    if (!this.resources.has(logicalId)) {
      report(`Fn::GetAtt names ${logicalId}, which is not a resource of this template`);
      return;
    }
    const type = this.resources.get(logicalId);
    if (typeof attribute !== 'string' || typeof type !== 'string' || anyAttribute(type)) {
      return;
    }
    const known = this.spec.resources.get(type)?.attributes;
    if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      return;
    }
    if (known && !(attribute in known)) {
      report(`${type} has no attribute ${attribute} (it has ${Object.keys(known).join(', ') || 'none'})`);
    }
  }

  /** Fn::Sub: every ${Name} must be a variable of its own map, a parameter, a resource, `Resource.Attribute`, or a pseudo parameter. */
  sub(argument, at, problems, report) {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string' || !isPlainObject(variables)) {
      report('Fn::Sub takes a string, or [string, { variables }]');
      return;
    }
    for (const part of splitPlaceholders(text)) {
      if (part.name === undefined || part.name in variables || part.name in pseudoParameters
        || this.parameters.has(part.name) || this.resources.has(part.name)) {
        continue;
      }
      const dot = part.name.indexOf('.');
      if (dot > 0 && this.resources.has(part.name.slice(0, dot))) {
        this.getAtt([part.name.slice(0, dot), part.name.slice(dot + 1)], report);
      } else {
        report(`Fn::Sub refers to \${${part.name}}, which is not a variable, parameter, resource or pseudo parameter`);
      }
    }
    this.scan(variables, Array.isArray(argument) ? [...at, 1] : at, problems);
  }

  if(argument, at, problems, report, checkBranch) {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      report('Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse]');
      return;
    }
    this.condition(argument[0], report);
    for (const i of [1, 2]) {
      const branch = argument[i];
      const noValue = isPlainObject(branch) && branch.Ref === 'AWS::NoValue';
      if (checkBranch && !noValue) {
        checkBranch(branch, [...at, i]);
      } else {
        this.scan(branch, [...at, i], problems);
      }
    }
  }

  condition(name, report) {
    if (!this.conditions.has(name)) {
      report(`condition ${name} is not in Conditions`);
    }
  }
}
