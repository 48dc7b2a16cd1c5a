using Mlmax.Aws.CloudFormation;
using Mlmax.Aws.StepFunctions;
using Mlmax.Definitions;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>The CloudFormation template and the manifest.</summary>
public sealed partial class PipelineCompiler
{
    private const string StateMachineResource = "StateMachine";
    private const string StatesRole = "StepFunctionsRole";
    private const string JobsRole = "SageMakerRole";
    private const string LogGroupResource = "StateMachineLogGroup";

    private static readonly int[] LogRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private Template BuildTemplate(PipelineSpec pipeline, StateMachine machine, string codeVersion, TriggerSet triggers)
    {
        var images = pipeline.Steps.Select(JobSettings.Of).Select(s => s.ImageParameter).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var name = StateMachineName(_settings.Name, pipeline.Name);
        var parameters = new OrderedDictionary<string, Parameter>(StringComparer.Ordinal)
        {
            ["ArtifactBucket"] = new("String", "The project's S3 bucket (from mlmax aws env): code packages, run inputs and outputs.")
            {
                AllowedPattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
                ConstraintDescription = "an S3 bucket name",
            },
            ["ArtifactPrefix"] = new("String", "The prefix of this project's objects in the bucket, without a trailing slash.")
            {
                Default = $"mlmax/{_settings.Name}",
                AllowedPattern = "^[A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9]$",
                ConstraintDescription = "letters, digits, '_', '.', '/' and '-', not starting or ending with '/'",
            },
            ["KmsKeyArn"] = new("String", "The customer managed KMS key (from mlmax aws env) encrypting job volumes, outputs, logs and execution data.")
            {
                AllowedPattern = "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$",
                ConstraintDescription = "a KMS key ARN",
            },
            ["SubnetIds"] = new("List<AWS::EC2::Subnet::Id>", "The private subnets the jobs run in (from mlmax aws env)."),
            ["SecurityGroupIds"] = new("List<AWS::EC2::SecurityGroup::Id>", "The security groups of the jobs (from mlmax aws env)."),
            ["CodeVersion"] = new("String", "The code packages' version: mlmax aws deploy uploads them under ArtifactPrefix/code/CodeVersion/.")
            {
                Default = codeVersion,
                AllowedPattern = "^[a-f0-9]{16}$",
            },
        };
        foreach (var image in images)
        {
            parameters[image] = new Parameter("String", image switch
            {
                JobSettings.PythonImage => "The container image of Python steps (any image with Python 3, /bin/sh and tar, e.g. a scikit-learn image).",
                JobSettings.CommandImage => "The container image of command steps (any image with the steps' programs, /bin/sh and tar).",
                _ => "The container image of .NET and predict steps (any Linux x64 image with /bin/sh and tar: mlmax brings its own .NET runtime).",
            })
            {
                MinLength = 1,
            };
        }

        parameters["LogRetentionDays"] = new("Number", "How long the state machine's execution logs are kept, in days.")
        {
            Default = 365,
            AllowedValues = [.. LogRetentionDays.Cast<object>()],
        };

        foreach (var upload in triggers.Uploads)
        {
            parameters[upload.Parameter] = new Parameter("String", upload.Kind switch
            {
                "model" => $"{upload.Trigger}: the S3 URI of the model version {upload.Source} (parameter {upload.Name}) as mlmax models export writes it; mlmax aws deploy uploads it.",
                "artifact" => $"{upload.Trigger}: the S3 URI of input {upload.Name}, an artifact of another run; mlmax aws deploy uploads "
                    + (upload.Source.Length == 0 ? "the one the latest successful run made" : upload.Source) + " and sets it.",
                _ => $"{upload.Trigger}: the S3 URI of input {upload.Name}; mlmax aws deploy uploads {upload.Source} and sets it.",
            })
            {
                AllowedPattern = "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$",
                ConstraintDescription = "an s3://BUCKET/KEY URI",
            };
        }

        var substitutions = new OrderedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["ArtifactBucket"] = Fn.Ref("ArtifactBucket"),
            ["ArtifactPrefix"] = Fn.Ref("ArtifactPrefix"),
            ["CodeVersion"] = Fn.Ref("CodeVersion"),
            ["KmsKeyArn"] = Fn.Ref("KmsKeyArn"),
            ["SageMakerRoleArn"] = Fn.GetAtt(JobsRole, "Arn"),
            ["SecurityGroups"] = Fn.Join(",", Fn.Ref("SecurityGroupIds")),
            ["Subnets"] = Fn.Join(",", Fn.Ref("SubnetIds")),
        };
        foreach (var image in images)
        {
            substitutions[image] = Fn.Ref(image);
        }

        var resources = new OrderedDictionary<string, Resource>(StringComparer.Ordinal)
        {
            [LogGroupResource] = new("AWS::Logs::LogGroup", new LogGroupProperties($"/aws/vendedlogs/states/{name}", Fn.Ref("LogRetentionDays"), Fn.Ref("KmsKeyArn"))
            {
                Tags = ResourceTags(pipeline),
            })
            {
                DeletionPolicy = "Retain",
                UpdateReplacePolicy = "Retain",
            },
            [JobsRole] = new("AWS::IAM::Role", Roles.SageMaker(pipeline, triggers.Reads) with { Tags = ResourceTags(pipeline) }),
            [StatesRole] = new("AWS::IAM::Role", Roles.StepFunctions(pipeline, JobsRole) with { Tags = ResourceTags(pipeline) }),
            [StateMachineResource] = new("AWS::StepFunctions::StateMachine", new StateMachineProperties(
                name,
                Fn.GetAtt(StatesRole, "Arn"),
                machine,
                substitutions,
                new LoggingConfiguration([new LogDestination(new LogGroupReference(Fn.GetAtt(LogGroupResource, "Arn")))]),
                new EncryptionConfiguration(Fn.Ref("KmsKeyArn")))
            {
                Tags = [.. ResourceTags(pipeline).Select(t => new StateMachineTag(t.Key, t.Value))],
            }),
        };

        var outputs = new OrderedDictionary<string, Output>(StringComparer.Ordinal)
        {
            ["StateMachineArn"] = new("The state machine running the pipeline: mlmax aws run starts its executions.", Fn.Ref(StateMachineResource)),
            ["StateMachineName"] = new("The state machine's name.", Fn.GetAtt(StateMachineResource, "Name")),
            ["SageMakerRoleArn"] = new("The role the SageMaker jobs run as.", Fn.GetAtt(JobsRole, "Arn")),
            ["LogGroupName"] = new("The log group of the executions.", Fn.Ref(LogGroupResource)),
            ["CodeVersion"] = new("The code packages' version the state machine runs.", Fn.Ref("CodeVersion")),
        };

        if (triggers.Triggers.Count > 0)
        {
            AddStarter(pipeline, resources, outputs);
            AddSchedules(pipeline, triggers.Triggers, resources, outputs);
            AddWatches(pipeline, triggers, resources, outputs);
        }

        return new Template(
            $"mlmax pipeline {pipeline.Name} of project {_settings.Name}: a Step Functions state machine running each step as a SageMaker job (definition {CanonicalForm.Version(pipeline)}).",
            parameters,
            resources,
            outputs);
    }

    private List<ResourceTag> ResourceTags(PipelineSpec pipeline) =>
    [
        new("mlmax:project", _settings.Name),
        new("mlmax:pipeline", pipeline.Name),
    ];

    private CompileManifest BuildManifest(PipelineSpec pipeline, Template template, FileNames names, SortedDictionary<string, string> files, string codeVersion)
    {
        var packages = new List<PackageEntry>
        {
            new(CodePackage.Bootstrap, "the script every job starts, written beside this manifest") { Sha256 = Hashing.Sha256(CodePackage.BootstrapScript) },
            new(CodePackage.Runtime, $"mlmax {EnvironmentInfo.MlmaxVersion} for linux-x64, self-contained"),
            new(CodePackage.Project, "the project's files the pipeline needs") { Files = files },
        };
        if (pipeline.Steps.Any(s => s.Runner is DotnetRunner) && _settings.DotnetProject is { } project)
        {
            packages.Add(new(CodePackage.Steps, $"{project.Replace('\\', '/')} published for linux-x64"));
        }

        var inputs = pipeline.Inputs.ToDictionary(
            i => i.Name,
            i => $"s3://BUCKET/{template.Parameters["ArtifactPrefix"].Default}/runs/RUN/inputs/{i.Name}/{(i.Default is { } d ? Path.GetFileName(d) : string.Empty)}",
            StringComparer.Ordinal);
        var models = pipeline.Steps.Select(s => s.Runner).OfType<PredictRunner>().Select(r => r.ModelParameter).Distinct(StringComparer.Ordinal).ToList();
        return new CompileManifest
        {
            Project = _settings.Name,
            Pipeline = pipeline.Name,
            DefinitionVersion = CanonicalForm.Version(pipeline),
            MlmaxVersion = EnvironmentInfo.MlmaxVersion,
            CodeVersion = codeVersion,
            Files = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["template"] = names.Template,
                ["state_machine"] = names.StateMachine,
                ["bootstrap"] = CodePackage.Bootstrap,
            },
            Packages = packages,
            StateMachine = StateMachineName(_settings.Name, pipeline.Name),
            Steps = pipeline.Steps.ToDictionary(
                s => s.Name,
                s =>
                {
                    var j = JobSettings.Of(s);
                    return new StepJobEntry((s.Aws?.Job ?? AwsJobKind.Processing) == AwsJobKind.Training ? "training" : "processing", j.Image, j.InstanceType, j.InstanceCount, j.VolumeSizeGb, j.MaxRuntimeSeconds);
                }),
            RequiredParameters = [.. template.Parameters.Where(p => p.Value.Default is null).Select(p => p.Key)],
            ExecutionInput = new ExecutionInput(
                new SortedDictionary<string, object?>(pipeline.Parameters.ToDictionary(p => p.Name, p => p.Default), StringComparer.Ordinal),
                new SortedDictionary<string, string>(inputs, StringComparer.Ordinal))
            {
                Models = models.Count == 0 ? null : models.ToDictionary(m => m, m => $"s3://BUCKET/{template.Parameters["ArtifactPrefix"].Default}/models/NAME/VERSION/", StringComparer.Ordinal),
            },
        };
    }
}
