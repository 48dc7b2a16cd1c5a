// Invalid variants of the valid fixtures: each case breaks exactly one thing in a copy of a fixture and names the
// problem the validator must report (its check, the path, and a part of the message).

const template = 'training.template.json';
const asl = 'training.asl.json';
const definition = (t) => t.Resources.TrainingStateMachine.Properties.Definition;
const inTemplate = 'Resources.TrainingStateMachine.Properties.Definition.';

export const cases = [
  // CloudFormation resource spec
  {
    name: 'unknown CloudFormation property',
    fixture: template,
    change: (t) => { t.Resources.ArtifactBucket.Properties.BucketNme = 'artifacts'; },
    expect: { check: 'cfn-spec', path: 'Resources.ArtifactBucket.Properties.BucketNme', message: 'unknown property BucketNme of AWS::S3::Bucket' },
  },
  {
    name: 'missing required CloudFormation property',
    fixture: template,
    change: (t) => { delete t.Resources.StateMachineRole.Properties.Policies[0].PolicyDocument; },
    expect: { check: 'cfn-spec', path: 'Resources.StateMachineRole.Properties.Policies[0]', message: 'required property PolicyDocument of Policy is missing' },
  },
  {
    name: 'missing required property of a resource',
    fixture: template,
    change: (t) => { delete t.Resources.TrainingStateMachine.Properties.RoleArn; },
    expect: { check: 'cfn-spec', path: 'Resources.TrainingStateMachine.Properties', message: 'required property RoleArn' },
  },
  {
    name: 'wrong CloudFormation primitive type',
    fixture: template,
    change: (t) => { t.Resources.ArtifactKey.Properties.EnableKeyRotation = 'yes'; },
    expect: { check: 'cfn-spec', path: 'Resources.ArtifactKey.Properties.EnableKeyRotation', message: 'expected boolean' },
  },
  {
    name: 'list where an object is expected',
    fixture: template,
    change: (t) => { t.Resources.ArtifactBucket.Properties.VersioningConfiguration = [{ Status: 'Enabled' }]; },
    expect: { check: 'cfn-spec', path: 'Resources.ArtifactBucket.Properties.VersioningConfiguration', message: 'expected a VersioningConfiguration object' },
  },
  {
    name: 'value outside the allowed values',
    fixture: template,
    change: (t) => { t.Resources.TrainingStateMachine.Properties.StateMachineType = 'STANDART'; },
    expect: { check: 'cfn-spec', path: 'Resources.TrainingStateMachine.Properties.StateMachineType', message: 'is not one of "STANDARD", "EXPRESS"' },
  },
  {
    name: 'Fn::If branch of the wrong type',
    fixture: template,
    change: (t) => { t.Resources.PipelineLogGroup.Properties.RetentionInDays['Fn::If'][1] = 'a year'; },
    expect: { check: 'cfn-spec', path: 'Resources.PipelineLogGroup.Properties.RetentionInDays["Fn::If"][1]', message: 'expected integer' },
  },
  {
    name: 'unknown resource type',
    fixture: template,
    change: (t) => { t.Resources.PipelineLogGroup.Type = 'AWS::Logs::LogGroupp'; },
    expect: { check: 'cfn-template', path: 'Resources.PipelineLogGroup.Type', message: 'unknown resource type AWS::Logs::LogGroupp' },
  },
  // CloudFormation template
  {
    name: 'Ref to a missing resource',
    fixture: template,
    change: (t) => { t.Outputs.StateMachineArn.Value = { Ref: 'TrainingStateMachin' }; },
    expect: { check: 'cfn-template', path: 'Outputs.StateMachineArn.Value.Ref', message: 'Ref to TrainingStateMachin' },
  },
  {
    name: 'Fn::GetAtt attribute the resource type does not have',
    fixture: template,
    change: (t) => { t.Resources.TrainingStateMachine.Properties.RoleArn = { 'Fn::GetAtt': ['StateMachineRole', 'RoleArn'] }; },
    expect: { check: 'cfn-template', path: 'Resources.TrainingStateMachine.Properties.RoleArn["Fn::GetAtt"]', message: 'AWS::IAM::Role has no attribute RoleArn' },
  },
  {
    name: 'Fn::GetAtt inside a policy document to a missing resource',
    fixture: template,
    change: (t) => { t.Resources.StateMachineRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource = { 'Fn::GetAtt': ['SagemakerRole', 'Arn'] }; },
    expect: { check: 'cfn-template', path: 'Resources.StateMachineRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource["Fn::GetAtt"]', message: 'SagemakerRole, which is not a resource' },
  },
  {
    name: 'Fn::Sub variable that does not exist',
    fixture: template,
    change: (t) => { t.Resources.PipelineLogGroup.Properties.LogGroupName['Fn::Sub'] = '/aws/vendedlogs/states/${AWS::StackNam}'; },
    expect: { check: 'cfn-template', path: 'Resources.PipelineLogGroup.Properties.LogGroupName["Fn::Sub"]', message: '${AWS::StackNam}' },
  },
  {
    name: 'Fn::If with a condition that does not exist',
    fixture: template,
    change: (t) => { t.Resources.PipelineLogGroup.Properties.RetentionInDays['Fn::If'][0] = 'IsProd'; },
    expect: { check: 'cfn-template', path: 'Resources.PipelineLogGroup.Properties.RetentionInDays["Fn::If"]', message: 'condition IsProd is not in Conditions' },
  },
  {
    name: 'DependsOn a resource that does not exist',
    fixture: template,
    change: (t) => { t.Resources.TrainingStateMachine.DependsOn = ['PipelineLogs']; },
    expect: { check: 'cfn-template', path: 'Resources.TrainingStateMachine.DependsOn[0]', message: 'PipelineLogs' },
  },
  {
    name: 'parameter of an unknown type',
    fixture: template,
    change: (t) => { t.Parameters.TrainingImageUri.Type = 'Str'; },
    expect: { check: 'cfn-template', path: 'Parameters.TrainingImageUri.Type', message: 'not a parameter type' },
  },
  {
    name: 'wrong template format version',
    fixture: template,
    change: (t) => { t.AWSTemplateFormatVersion = '2010-09-10'; },
    expect: { check: 'cfn-template', path: 'AWSTemplateFormatVersion', message: 'must be "2010-09-09"' },
  },
  {
    name: 'placeholder without a DefinitionSubstitutions entry',
    fixture: template,
    change: (t) => { delete t.Resources.TrainingStateMachine.Properties.DefinitionSubstitutions.KmsKeyArn; },
    expect: { check: 'cfn-template', path: `${inTemplate}States.Preprocess.Parameters.ProcessingResources.ClusterConfig.VolumeKmsKeyId`, message: '${KmsKeyArn} has no entry' },
  },
  // Amazon States Language
  {
    name: 'Next to a state that does not exist',
    fixture: asl,
    change: (d) => { d.States.Train.Next = 'Succeded'; },
    expect: { check: 'statelint', path: 'States.Train.Next', message: 'No state found named "Succeded"' },
  },
  {
    name: 'Next to a missing state, in a template',
    fixture: template,
    change: (t) => { definition(t).States.Train.Next = 'Succeded'; },
    expect: { check: 'asl-validator', path: `${inTemplate}States.Train.Next`, message: 'target: Succeded' },
  },
  {
    name: 'Retry field of the wrong type',
    fixture: asl,
    change: (d) => { d.States.Preprocess.Retry[0].MaxAttempts = 'three'; },
    expect: { check: 'asl-validator', path: 'States.Preprocess.Retry[0].MaxAttempts', message: 'must be number' },
  },
  // SageMaker requests
  {
    name: 'unknown SageMaker request member',
    fixture: asl,
    change: (d) => {
      const spec = d.States.Preprocess.Parameters.AppSpecification;
      spec.ImageURI = spec.ImageUri;
      delete spec.ImageUri;
    },
    expect: { check: 'sagemaker', path: 'States.Preprocess.Parameters.AppSpecification.ImageURI', message: 'unknown member ImageURI of AppSpecification' },
  },
  {
    name: 'missing required SageMaker member',
    fixture: asl,
    change: (d) => { delete d.States.Train.Parameters.RoleArn; },
    expect: { check: 'sagemaker', path: 'States.Train.Parameters', message: 'required member RoleArn of CreateTrainingJobRequest is missing' },
  },
  {
    name: 'SageMaker value outside its enum',
    fixture: asl,
    change: (d) => { d.States.Train.Parameters.ResourceConfig.InstanceType = 'ml.bogus'; },
    expect: { check: 'sagemaker', path: 'States.Train.Parameters.ResourceConfig.InstanceType', message: '"ml.bogus" is not one of' },
  },
  {
    name: 'S3 URI that does not match the model\'s pattern',
    fixture: asl,
    change: (d) => { d.States.Preprocess.Parameters.ProcessingInputs[0].S3Input.S3Uri = 'sample-bucket/data/raw'; },
    expect: { check: 'sagemaker', path: 'States.Preprocess.Parameters.ProcessingInputs[0].S3Input.S3Uri', message: 'does not match' },
  },
  {
    name: 'SageMaker integer given as a string',
    fixture: asl,
    change: (d) => { d.States.Train.Parameters.ResourceConfig.InstanceCount = '1'; },
    expect: { check: 'sagemaker', path: 'States.Train.Parameters.ResourceConfig.InstanceCount', message: 'expected an integer' },
  },
  {
    name: 'SageMaker integer below its minimum',
    fixture: asl,
    change: (d) => { d.States.Preprocess.Parameters.StoppingCondition.MaxRuntimeInSeconds = 0; },
    expect: { check: 'sagemaker', path: 'States.Preprocess.Parameters.StoppingCondition.MaxRuntimeInSeconds', message: 'at least 1' },
  },
  {
    name: 'dynamic (.$) member whose value is not a path',
    fixture: asl,
    change: (d) => { d.States.Train.Parameters['TrainingJobName.$'] = 'train'; },
    expect: { check: 'sagemaker', path: 'States.Train.Parameters["TrainingJobName.$"]', message: 'takes a JsonPath' },
  },
  {
    name: 'SageMaker action that does not exist',
    fixture: asl,
    change: (d) => { d.States.Train.Resource = 'arn:aws:states:::sagemaker:createTrainingJobs.sync'; },
    expect: { check: 'sagemaker', path: 'States.Train.Resource', message: 'no API operation CreateTrainingJobs' },
  },
  {
    name: 'SageMaker problem in a template\'s definition',
    fixture: template,
    change: (t) => { definition(t).States.Train.Parameters.ResourceConfig.InstanceType = 'ml.bogus'; },
    expect: { check: 'sagemaker', path: `${inTemplate}States.Train.Parameters.ResourceConfig.InstanceType`, message: 'is not one of' },
  },
  {
    name: 'DefinitionSubstitutions value that SageMaker would refuse',
    fixture: template,
    change: (t) => { t.Resources.TrainingStateMachine.Properties.DefinitionSubstitutions.SageMakerRoleArn = 'sagemaker-role'; },
    expect: { check: 'sagemaker', path: `${inTemplate}States.Preprocess.Parameters.RoleArn`, message: '"sagemaker-role" does not match' },
  },
];
