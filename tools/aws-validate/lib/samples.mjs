// Plausible stand-ins for values only known at deployment (template parameters, resource ARNs, pseudo parameters),
// so that a definition with `${...}` placeholders can be checked against the shapes AWS expects.
import { fillPlaceholders } from './placeholders.mjs';
import { isPlainObject } from './report.mjs';
import { isIntrinsic } from './resource-spec.mjs';

const account = '123456789012';
const region = 'us-east-1';
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';

export const sample = Object.freeze({
  account,
  region,
  partition: 'aws',
  roleArn: `arn:aws:iam::${account}:role/sample`,
  kmsKeyArn: `arn:aws:kms:${region}:${account}:key/${keyId}`,
  keyId,
  bucket: 'sample-bucket',
  s3Uri: 's3://sample-bucket/sample',
  imageUri: `${account}.dkr.ecr.${region}.amazonaws.com/sample:latest`,
  subnetId: 'subnet-0123456789abcdef0',
  securityGroupId: 'sg-0123456789abcdef0',
  vpcId: 'vpc-0123456789abcdef0',
  instanceType: 'ml.m5.xlarge',
  logGroupName: '/aws/vendedlogs/states/sample',
  name: 'sample',
});

/** CloudFormation's pseudo parameters and a sample of each. */
export const pseudoParameters = Object.freeze({
  'AWS::AccountId': account,
  'AWS::NotificationARNs': '',
  'AWS::NoValue': '',
  'AWS::Partition': 'aws',
  'AWS::Region': region,
  'AWS::StackId': `arn:aws:cloudformation:${region}:${account}:stack/sample-stack/${keyId}`,
  'AWS::StackName': 'sample-stack',
  'AWS::URLSuffix': 'amazonaws.com',
});

// Chosen by the placeholder's or parameter's name; the first rule that matches wins.
const byName = [
  [/RoleArn$|Role$/i, sample.roleArn],
  [/Kms|KeyArn|KeyId$/i, sample.kmsKeyArn],
  [/Image/i, sample.imageUri],
  [/S3Uri|Uri$|Url$|Prefix$|Path$|Location$/i, sample.s3Uri],
  [/Bucket/i, sample.bucket],
  [/SecurityGroup/i, sample.securityGroupId],
  [/Subnet/i, sample.subnetId],
  [/Vpc/i, sample.vpcId],
  [/LogGroup/i, sample.logGroupName],
  [/InstanceType/i, sample.instanceType],
  [/Region$/i, region],
  [/Account/i, account],
  [/Partition$/i, 'aws'],
  [/Arn$/i, `arn:aws:sagemaker:${region}:${account}:sample/sample`],
];

/** A sample for a value known only by its name (`SageMakerRoleArn`, `ArtifactBucket`, ...). */
export function sampleForName(name) {
  return byName.find(([pattern]) => pattern.test(name))?.[1] ?? sample.name;
}

// What Ref returns for a resource, for the types a pipeline template uses; others fall back to the logical id.
const refByType = {
  'AWS::EC2::SecurityGroup': sample.securityGroupId,
  'AWS::EC2::Subnet': sample.subnetId,
  'AWS::EC2::VPC': sample.vpcId,
  'AWS::IAM::Role': 'sample',
  'AWS::KMS::Key': keyId,
  'AWS::Logs::LogGroup': sample.logGroupName,
  'AWS::S3::Bucket': sample.bucket,
};

// AWS::EC2 parameter types, whose values are ids of a known shape.
const parameterTypes = [
  [/Subnet::Id/, sample.subnetId],
  [/SecurityGroup::Id/, sample.securityGroupId],
  [/VPC::Id/, sample.vpcId],
];

/**
 * Samples within one template: `${Name}` and intrinsic functions resolve through its parameters (their Default,
 * else their type or name), its resources (the spec's ARN template for an `Arn` attribute) and pseudo parameters.
 */
export class TemplateSamples {
  constructor(template, spec) {
    this.parameters = isPlainObject(template?.Parameters) ? template.Parameters : {};
    this.resources = isPlainObject(template?.Resources) ? template.Resources : {};
    this.spec = spec;
  }

  /** A sample for a Fn::Sub-style name: a pseudo parameter, a parameter, a resource, or `Resource.Attribute`. */
  forName(name) {
    if (name in pseudoParameters) {
      return pseudoParameters[name];
    }
    if (isPlainObject(this.parameters[name])) {
      return this.forParameter(name, this.parameters[name]);
    }
    if (isPlainObject(this.resources[name])) {
      return this.forRef(name);
    }
    const dot = name.indexOf('.');
    if (dot > 0 && isPlainObject(this.resources[name.slice(0, dot)])) {
      return this.forAttribute(name.slice(0, dot), name.slice(dot + 1));
    }
    return sampleForName(name);
  }

  forParameter(name, parameter) {
    const value = parameter.Default;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    const type = String(parameter.Type ?? '');
    return parameterTypes.find(([pattern]) => pattern.test(type))?.[1] ?? sampleForName(name);
  }

  forRef(logicalId) {
    return refByType[this.resources[logicalId].Type] ?? sampleForName(logicalId);
  }

  forAttribute(logicalId, attribute) {
    const type = this.resources[logicalId].Type;
    if (/Arn$/.test(attribute)) {
      // The spec's ARN template reads like "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}".
      const template = this.spec?.resources.get(type)?.arnTemplate;
      if (template) {
        const parts = { Partition: 'aws', Region: region, Account: account };
        return fillPlaceholders(template, (part) => parts[part] ?? sample.name);
      }
    }
    if (type === 'AWS::KMS::Key' && attribute === 'KeyId') {
      return keyId;
    }
    return sampleForName(`${logicalId}${attribute}`);
  }

  /**
   * A sample string for a CloudFormation intrinsic function object, or undefined when the object is not one.
   * Ref, Fn::GetAtt, Fn::Sub and Fn::Join resolve to samples of the right shape; others to a name-based sample.
   */
  forIntrinsic(value) {
    if (!isIntrinsic(value)) {
      return undefined;
    }
    const [key] = Object.keys(value);
    const argument = value[key];
    switch (key) {
      case 'Ref':
        return typeof argument === 'string' ? this.forName(argument) : sample.name;
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? splitAttribute(argument) : argument;
        return isPlainObject(this.resources[logicalId]) && typeof attribute === 'string'
          ? this.forAttribute(logicalId, attribute) : sample.name;
      }
      case 'Fn::Sub':
        return this.forSub(argument);
      case 'Fn::Join':
        return Array.isArray(argument) && Array.isArray(argument[1])
          ? argument[1].map((item) => this.forAny(item)).join(String(argument[0])) : sample.name;
      default:
        return sample.name;
    }
  }

  forSub(argument) {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string') {
      return sample.name;
    }
    return fillPlaceholders(text, (name) =>
      (isPlainObject(variables) && name in variables ? this.forAny(variables[name]) : this.forName(name)));
  }

  forAny(value) {
    return isPlainObject(value) ? this.forIntrinsic(value) ?? sample.name : String(value);
  }

  /** A sample for a DefinitionSubstitutions entry's value: a literal as it is, an intrinsic through forIntrinsic. */
  forSubstitution(name, value) {
    if (value === undefined) {
      return sampleForName(name);
    }
    return isPlainObject(value) ? this.forIntrinsic(value) ?? sampleForName(name) : String(value);
  }
}

function splitAttribute(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}
