// A CloudFormation template's own structure (sections, parameters, resources' attributes, outputs), and each
// resource's properties against the resource spec.
import { TemplateNames } from './intrinsics.mjs';
import { Check, describe, isPlainObject, problem } from './report.mjs';
import { checkResourceProperties } from './resource-spec.mjs';

const sections = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform',
  'Resources', 'Outputs',
]);
const resourceKeys = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy',
  'CreationPolicy',
]);
const deletionPolicies = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const parameterKeys = new Set([
  'Type', 'Default', 'Description', 'AllowedValues', 'AllowedPattern', 'ConstraintDescription', 'MaxLength',
  'MinLength', 'MaxValue', 'MinValue', 'NoEcho',
]);
const outputKeys = new Set(['Description', 'Value', 'Export', 'Condition']);

// Parameter types: the plain ones, and the AWS-specific ones (alone, as List<...>, or read from SSM).
const awsParameterTypes = [
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
];
const plainParameterTypes = ['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name'];

export function isParameterType(type) {
  if (plainParameterTypes.includes(type) || awsParameterTypes.includes(type)) {
    return true;
  }
  const list = /^List<(.+)>$/.exec(type);
  if (list && awsParameterTypes.includes(list[1])) {
    return true;
  }
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  return Boolean(ssm) && ['String', 'List<String>', 'CommaDelimitedList'].concat(awsParameterTypes)
    .concat(awsParameterTypes.map((t) => `List<${t}>`)).includes(ssm[1]);
}

/** Every template-level and resource-spec problem of one template. */
export function checkTemplate(template, spec) {
  const names = new TemplateNames(template, spec);
  const problems = [];
  const report = (path, message) => problems.push(problem(Check.template, path, message));
  checkSections(template, report);
  checkParameters(template.Parameters, report);
  checkConditions(template.Conditions, names, problems, report);
  for (const [logicalId, resource] of Object.entries(isPlainObject(template.Resources) ? template.Resources : {})) {
    problems.push(...checkResource(logicalId, resource, names, spec));
  }
  checkOutputs(template.Outputs, names, problems, report);
  return problems;
}

function checkSections(template, report) {
  for (const key of Object.keys(template)) {
    if (!sections.has(key)) {
      report([key], `unknown template section ${key}`);
    }
  }
  if (template.AWSTemplateFormatVersion !== '2010-09-09') {
    report(['AWSTemplateFormatVersion'], `must be "2010-09-09", got ${template.AWSTemplateFormatVersion === undefined ? 'nothing' : describe(template.AWSTemplateFormatVersion)}`);
  }
  if (!isPlainObject(template.Resources) || Object.keys(template.Resources).length === 0) {
    report(['Resources'], 'a template needs at least one resource');
  }
}

function checkParameters(parameters, report) {
  if (parameters === undefined) {
    return;
  }
  if (!isPlainObject(parameters)) {
    report(['Parameters'], `expected an object, got ${describe(parameters)}`);
    return;
  }
  for (const [name, parameter] of Object.entries(parameters)) {
    const path = ['Parameters', name];
    if (!isPlainObject(parameter)) {
      report(path, `expected an object, got ${describe(parameter)}`);
      continue;
    }
    for (const key of Object.keys(parameter)) {
      if (!parameterKeys.has(key)) {
        report([...path, key], `unknown parameter attribute ${key}`);
      }
    }
    if (typeof parameter.Type !== 'string' || !isParameterType(parameter.Type)) {
      report([...path, 'Type'], `not a parameter type: ${describe(parameter.Type)}`);
    }
  }
}

function checkConditions(conditions, names, problems, report) {
  if (conditions === undefined) {
    return;
  }
  if (!isPlainObject(conditions)) {
    report(['Conditions'], `expected an object, got ${describe(conditions)}`);
    return;
  }
  for (const [name, condition] of Object.entries(conditions)) {
    scanCondition(condition, ['Conditions', name], names, problems, report);
  }
}

// Inside Conditions, {"Condition": "Name"} refers to another condition; the rest are intrinsic functions.
function scanCondition(value, path, names, problems, report) {
  if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    if (!names.conditions.has(value.Condition)) {
      report([...path, 'Condition'], `condition ${value.Condition} is not in Conditions`);
    }
  } else if (isPlainObject(value) && Object.keys(value).length === 1 && ['Fn::And', 'Fn::Or', 'Fn::Not'].includes(Object.keys(value)[0])) {
    const [key] = Object.keys(value);
    (Array.isArray(value[key]) ? value[key] : [value[key]])
      .forEach((item, i) => scanCondition(item, [...path, key, i], names, problems, report));
  } else {
    names.scan(value, path, problems);
  }
}

function checkResource(logicalId, resource, names, spec) {
  const path = ['Resources', logicalId];
  const problems = [];
  const report = (at, message) => problems.push(problem(Check.template, at, message));
  if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
    report(path, 'a logical id has only letters and digits');
  }
  if (!isPlainObject(resource)) {
    report(path, `expected an object, got ${describe(resource)}`);
    return problems;
  }
  for (const key of Object.keys(resource)) {
    if (!resourceKeys.has(key)) {
      report([...path, key], `unknown resource attribute ${key}`);
    }
  }
  checkDependsOn(resource.DependsOn, logicalId, names, [...path, 'DependsOn'], report);
  if (resource.Condition !== undefined) {
    names.condition(resource.Condition, (message) => report([...path, 'Condition'], message));
  }
  for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    if (resource[key] !== undefined && !deletionPolicies.includes(resource[key])) {
      report([...path, key], `must be one of ${deletionPolicies.join(', ')}, got ${describe(resource[key])}`);
    }
  }
  problems.push(...checkProperties(resource, path, names, spec, report));
  return problems;
}

function checkDependsOn(dependsOn, logicalId, names, path, report) {
  if (dependsOn === undefined) {
    return;
  }
  const list = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  list.forEach((target, i) => {
    const at = Array.isArray(dependsOn) ? [...path, i] : path;
    if (typeof target !== 'string' || !names.resources.has(target)) {
      report(at, `DependsOn names ${describe(target)}, which is not a resource of this template`);
    } else if (target === logicalId) {
      report(at, 'a resource cannot depend on itself');
    }
  });
}

function checkProperties(resource, path, names, spec, report) {
  const type = resource.Type;
  if (typeof type !== 'string') {
    report([...path, 'Type'], `required attribute Type is missing or not a string: ${describe(type)}`);
    return [];
  }
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
    const problems = [];
    names.scan(resource.Properties, [...path, 'Properties'], problems);
    return problems;
  }
  const entity = spec.resources.get(type);
  if (!entity) {
    report([...path, 'Type'], `unknown resource type ${type}`);
    return [];
  }
  if (resource.Properties === undefined) {
    const required = Object.entries(entity.properties).filter(([, p]) => p.required).map(([name]) => name);
    if (required.length > 0) {
      report(path, `Properties is missing; ${type} requires ${required.join(', ')}`);
    }
    return [];
  }
  const intrinsic = (value, at, problems, checkBranch) => names.scan(value, at, problems, checkBranch);
  return checkResourceProperties(spec, entity, resource.Properties, [...path, 'Properties'], intrinsic);
}

function checkOutputs(outputs, names, problems, report) {
  if (outputs === undefined) {
    return;
  }
  if (!isPlainObject(outputs)) {
    report(['Outputs'], `expected an object, got ${describe(outputs)}`);
    return;
  }
  for (const [name, output] of Object.entries(outputs)) {
    const path = ['Outputs', name];
    if (!isPlainObject(output)) {
      report(path, `expected an object, got ${describe(output)}`);
      continue;
    }
    for (const key of Object.keys(output)) {
      if (!outputKeys.has(key)) {
        report([...path, key], `unknown output attribute ${key}`);
      }
    }
    if (output.Value === undefined) {
      report(path, 'required attribute Value is missing');
    }
    if (output.Export !== undefined && !(isPlainObject(output.Export) && output.Export.Name !== undefined && Object.keys(output.Export).length === 1)) {
      report([...path, 'Export'], 'Export takes exactly { "Name": ... }');
    }
    if (output.Condition !== undefined) {
      names.condition(output.Condition, (message) => report([...path, 'Condition'], message));
    }
    names.scan(output.Value, [...path, 'Value'], problems);
    names.scan(output.Export, [...path, 'Export'], problems);
  }
}
