using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlmax.Aws.Api;
using Mlmax.Aws.Compilation;
using Mlmax.Identity;

namespace Mlmax.Aws.Deployment;

/// <summary>
/// Deploys a compiled pipeline: uploads its code packages to <c>PREFIX/code/CODE_VERSION/</c> (files already there with
/// the same SHA-256 are not sent again), then creates or updates its stack with the template (inline up to 51,200
/// bytes, else uploaded and passed by URL), and returns what to remember of the deployment.
/// </summary>
public sealed class PipelineDeployer
{
    /// <summary>The template parameters set from the deployment's target rather than from <c>--param</c>.</summary>
    public static readonly IReadOnlyList<string> ManagedParameters = ["ArtifactBucket", "KmsKeyArn", "SubnetIds", "SecurityGroupIds", "CodeVersion"];

    private readonly CloudFormationClient _cloudFormation;
    private readonly EncryptedBucket _bucket;
    private readonly StackDeployer _stacks;
    private readonly TimeProvider _time;

    /// <summary>Creates the deployer.</summary>
    /// <param name="cloudFormation">The CloudFormation client.</param>
    /// <param name="bucket">The target's bucket.</param>
    /// <param name="time">The clock.</param>
    /// <param name="interval">How long to wait between two looks at the stack.</param>
    public PipelineDeployer(CloudFormationClient cloudFormation, EncryptedBucket bucket, TimeProvider time, TimeSpan interval)
    {
        _cloudFormation = cloudFormation;
        _bucket = bucket;
        _time = time;
        _stacks = new StackDeployer(cloudFormation, time, interval);
    }

    /// <summary>The template parameter values of a deployment, checked against the template.</summary>
    /// <param name="compiled">The compiled pipeline.</param>
    /// <param name="target">The target.</param>
    /// <returns>Parameter name to value.</returns>
    /// <exception cref="DeployRequestException">A value is missing or names no parameter of the template.</exception>
    public static SortedDictionary<string, string> TemplateParameters(CompiledPipeline compiled, DeployTarget target)
    {
        var declared = compiled.Template.Parameters;
        var problems = new List<string>();
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ArtifactBucket"] = target.Bucket,
            ["KmsKeyArn"] = target.KmsKeyArn,
            ["SubnetIds"] = string.Join(',', target.SubnetIds),
            ["SecurityGroupIds"] = string.Join(',', target.SecurityGroupIds),
            ["CodeVersion"] = compiled.Manifest.CodeVersion,
        };
        foreach (var (name, value) in target.Parameters)
        {
            if (ManagedParameters.Contains(name))
            {
                problems.Add($"--param {name}: set by the deployment itself (use --bucket, --kms-key, --subnets, --security-groups or --env-stack)");
            }
            else if (!declared.ContainsKey(name))
            {
                problems.Add($"--param {name}: the template of {compiled.Manifest.Pipeline} has no such parameter (it has: {string.Join(", ", declared.Keys.Where(k => !ManagedParameters.Contains(k)))})");
            }
            else
            {
                values[name] = value;
            }
        }

        var images = declared.Keys.Where(k => k.EndsWith("Image", StringComparison.Ordinal)).ToList();
        foreach (var (name, uri) in target.Images)
        {
            var parameter = name.EndsWith("Image", StringComparison.Ordinal) ? name : name + "Image";
            if (!images.Contains(parameter))
            {
                problems.Add($"--image {name}: this pipeline's steps use {(images.Count == 0 ? "no image parameter" : string.Join(", ", images.Select(i => i[..^"Image".Length])))}");
            }
            else
            {
                values[parameter] = uri;
            }
        }

        foreach (var missing in compiled.Manifest.RequiredParameters.Where(p => !values.ContainsKey(p) || values[p].Length == 0))
        {
            problems.Add(missing.EndsWith("Image", StringComparison.Ordinal)
                ? $"{missing} has no value: pass --image {missing[..^"Image".Length]}=IMAGE_URI (the container image its steps run in)"
                : $"{missing} has no value: pass it (or --env-stack NAME to read it from the environment stack's outputs)");
        }

        return problems.Count == 0 ? values : throw new DeployRequestException(problems);
    }

    /// <summary>Deploys.</summary>
    /// <param name="compiled">The compiled pipeline.</param>
    /// <param name="packages">The built code packages: file name to path.</param>
    /// <param name="target">The target.</param>
    /// <param name="definitionJson">The pipeline's canonical definition, kept in the record.</param>
    /// <param name="note">Receives progress lines.</param>
    /// <param name="onEvent">Receives the stack's events as they arrive.</param>
    /// <param name="cancellationToken">Cancels the deployment (a stack operation already started goes on).</param>
    /// <returns>The stack and the record to keep.</returns>
    public async Task<(StackDeployment Stack, DeploymentRecord Record)> DeployAsync(
        CompiledPipeline compiled, IReadOnlyDictionary<string, string> packages, DeployTarget target, string definitionJson,
        Action<string> note, Action<StackEvent> onEvent, CancellationToken cancellationToken)
    {
        var parameters = TemplateParameters(compiled, target);
        var prefix = parameters.GetValueOrDefault("ArtifactPrefix") ?? (string)compiled.Template.Parameters["ArtifactPrefix"].Default!;
        var manifest = compiled.Manifest;
        var missing = manifest.Packages.Select(p => p.Name).Where(n => !packages.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new DeployRequestException([$"the code packages lack {string.Join(", ", missing)}"]);
        }

        var codePrefix = $"{prefix}/code/{manifest.CodeVersion}/";
        foreach (var (name, path) in packages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var outcome = await _bucket.UploadFileAsync(codePrefix + name, path, cancellationToken);
            note($"{name} {Size(new FileInfo(path).Length)}: {(outcome == UploadOutcome.Unchanged ? "already in" : "uploaded to")} {_bucket.S3Uri(codePrefix + name)}");
        }

        var template = JsonSerializer.Serialize(compiled.Template, compiled.Template.GetType(), AwsJson.CompactOptions);
        var request = new StackRequest
        {
            StackName = target.StackName,
            Parameters = parameters,
            Capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            Tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["mlmax:project"] = manifest.Project,
                ["mlmax:pipeline"] = manifest.Pipeline,
                ["mlmax:code-version"] = manifest.CodeVersion,
            },
        };
        var bytes = Encoding.UTF8.GetByteCount(template);
        if (bytes > CloudFormationClient.MaxTemplateBodyBytes)
        {
            var key = $"{prefix}/templates/{manifest.Pipeline}-{Hashing.Sha256(template)[..16]}.template.json";
            var file = Path.Combine(Path.GetTempPath(), $"mlmax-template-{Guid.NewGuid():N}.json");
            try
            {
                await File.WriteAllTextAsync(file, template, new UTF8Encoding(false), cancellationToken);
                await _bucket.UploadFileAsync(key, file, cancellationToken);
            }
            finally
            {
                File.Delete(file);
            }

            request = request with { TemplateUrl = _bucket.HttpsUrl(key) };
            note($"template {Size(bytes)} is over CloudFormation's inline limit of {Size(CloudFormationClient.MaxTemplateBodyBytes)}: passed as {request.TemplateUrl}");
        }
        else
        {
            request = request with { TemplateBody = template };
        }

        var stack = await _stacks.DeployAsync(request, onEvent, cancellationToken);
        var record = new DeploymentRecord
        {
            Project = manifest.Project,
            Pipeline = manifest.Pipeline,
            StackName = stack.Stack.StackName,
            StackId = stack.Stack.StackId,
            Region = _bucket.Region,
            Bucket = target.Bucket,
            Prefix = prefix,
            KmsKeyArn = target.KmsKeyArn,
            Parameters = parameters,
            CodeVersion = manifest.CodeVersion,
            DefinitionVersion = manifest.DefinitionVersion,
            DefinitionJson = definitionJson,
            CodeFiles = manifest.Packages.FirstOrDefault(p => p.Name == CodePackage.Project)?.Files ?? new Dictionary<string, string>(),
            Outputs = stack.Stack.Outputs,
            DeployedAt = _time.GetUtcNow(),
        };
        return (stack, record);
    }

    private static string Size(long bytes) =>
        bytes < 1024 ? $"{bytes} B"
        : bytes < 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB");
}
