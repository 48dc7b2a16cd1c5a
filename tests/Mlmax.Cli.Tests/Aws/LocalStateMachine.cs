using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Mlmax.Aws.Compilation;
using Mlmax.Aws.Packaging;
using Mlmax.Definitions;
using Mlmax.Stores.S3;
using Mlmax.Testing.Aws;
using Mlmax.Testing.Aws.Local;
using Mlmax.Testing.S3;

namespace Mlmax.Cli.Tests.Aws;

/// <summary>
/// A compiled pipeline "deployed" on this machine: its code packages (built by <see cref="CodePackager"/>) uploaded to
/// the S3 test server under <c>PREFIX/code/VERSION/</c>, and executions run by tools/aws-local/run.mjs, whose SageMaker
/// tasks the stand-in (Mlmax.Testing.Aws.Local) runs as local processes.
/// </summary>
internal sealed class LocalStateMachine : IDisposable
{
    private readonly S3Server _server;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "mlmax-sfn-" + Guid.NewGuid().ToString("N")[..10]);

    private LocalStateMachine(S3Server server, string projectRoot, string compiledDirectory, CompiledPipeline compiled, string prefix)
    {
        _server = server;
        ProjectRoot = projectRoot;
        CompiledDirectory = compiledDirectory;
        Compiled = compiled;
        Prefix = prefix;
        Client = new AmazonS3Client(
            new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey),
            S3ClientConfiguration.FromEnvironment(name => server.Environment.GetValueOrDefault(name)));
        Transfer = new S3Transfer(Client);
        Directory.CreateDirectory(_work);
    }

    public string ProjectRoot { get; }

    public string CompiledDirectory { get; }

    public CompiledPipeline Compiled { get; }

    /// <summary>The key prefix standing for the template's ArtifactPrefix in the test bucket.</summary>
    public string Prefix { get; }

    public IAmazonS3 Client { get; }

    public S3Transfer Transfer { get; }

    /// <summary>s3://BUCKET/PREFIX/...</summary>
    public S3Location At(string relative) => new(S3Server.BucketName, $"{Prefix}/{relative}");

    /// <summary>Compiles the pipeline with the CLI, builds the code packages and uploads them.</summary>
    public static async Task<LocalStateMachine> DeployAsync(string projectRoot, string pipelineName, S3Server server, string runtimeCache, Action<string> log)
    {
        var compile = await CliProcess.RunAsync(projectRoot, "aws", "compile", pipelineName, "--out", "build/aws", "--json");
        Assert.True(compile.ExitCode == 0, compile.ToString());

        // The same compilation in this process, for the packager; it must agree with what the CLI wrote.
        var settings = new ProjectLoader().Load(Path.Combine(projectRoot, "mlmax.yaml"));
        var definition = Path.Combine("pipelines", pipelineName + ".yaml");
        var compiled = new PipelineCompiler(projectRoot, settings).Compile(new PipelineLoader().Load(Path.Combine(projectRoot, definition)), definition);
        Assert.Equal(compile.Json.GetProperty("code_version").GetString(), compiled.Manifest.CodeVersion);

        var prefix = new Uri(server.NewUrl("sfn")).AbsolutePath.Trim('/');
        var deployment = new LocalStateMachine(server, projectRoot, Path.Combine(projectRoot, "build", "aws"), compiled, prefix);
        var packager = new CodePackager(projectRoot, settings, log) { RuntimeCacheDirectory = runtimeCache };
        var packages = await packager.BuildAsync(compiled, Path.Combine(projectRoot, "build", "aws", "code"), CancellationToken.None);
        foreach (var (name, path) in packages)
        {
            await deployment.Transfer.UploadFileAsync(path, deployment.At($"code/{compiled.Manifest.CodeVersion}/{name}"), CancellationToken.None);
        }

        return deployment;
    }

    /// <summary>The template's definition substitutions, with local stand-ins for the account's resources.</summary>
    public Dictionary<string, string> Substitutions() => new()
    {
        ["ArtifactBucket"] = S3Server.BucketName,
        ["ArtifactPrefix"] = Prefix,
        ["CodeVersion"] = Compiled.Manifest.CodeVersion,
        ["KmsKeyArn"] = $"arn:aws:kms:{SageMakerStandIn.Region}:{SageMakerStandIn.Account}:key/local",
        ["SageMakerRoleArn"] = $"arn:aws:iam::{SageMakerStandIn.Account}:role/local-sagemaker",
        ["Subnets"] = "subnet-local1,subnet-local2",
        ["SecurityGroups"] = "sg-local",
        ["DotnetImage"] = "local/no-dotnet:latest",
    };

    /// <summary>The manifest's example execution input, with parameters overridden and inputs pointing at uploaded files.</summary>
    public JsonObject Input(IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, object>? parameters = null)
    {
        var input = JsonNode.Parse(Mlmax.Aws.AwsJson.Serialize(Compiled.Manifest.ExecutionInput))!.AsObject();
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            input["parameters"]![name] = JsonValue.Create(value);
        }

        foreach (var (name, uri) in inputs)
        {
            input["inputs"]![name] = uri;
        }

        return input;
    }

    /// <summary>Runs one execution to its end.</summary>
    public async Task<LocalExecution> RunAsync(string executionName, JsonObject input)
    {
        var directory = Path.Combine(_work, executionName);
        Directory.CreateDirectory(directory);
        var substitutions = Path.Combine(directory, "substitutions.json");
        var inputFile = Path.Combine(directory, "input.json");
        await File.WriteAllTextAsync(substitutions, JsonSerializer.Serialize(Substitutions()));
        await File.WriteAllTextAsync(inputFile, input.ToJsonString());
        var records = Path.Combine(directory, "jobs");
        var standIn = new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "Mlmax.Testing.Aws.Local.dll"), "--record", records, "--work", Path.Combine(directory, "containers") };

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[AwsLocal.RunScript, "--definition", Path.Combine(CompiledDirectory, Compiled.Names.StateMachine),
                     "--substitutions", substitutions, "--input", inputFile, "--name", executionName,
                     "--state-machine", Compiled.Manifest.StateMachine, "--sagemaker", JsonSerializer.Serialize(standIn)])
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in _server.Environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        var log = new StringBuilder().Append("run.mjs exit ").Append(process.ExitCode).AppendLine()
            .AppendLine("--- stdout").AppendLine(await stdout).AppendLine("--- stderr").AppendLine(await stderr).ToString();
        Assert.True(process.ExitCode is 0 or 1, log);
        return new LocalExecution(JsonNode.Parse(await stdout)!.AsObject(), JobRecord.ReadAll(records), log);
    }

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>An ended execution: run.mjs's report and the jobs the SageMaker stand-in ran.</summary>
/// <param name="Report">{"status", "output" | "error", "states", "retries", "jobs"}.</param>
/// <param name="Jobs">The stand-in's records, in order.</param>
/// <param name="Log">run.mjs's output, for failure messages.</param>
internal sealed record LocalExecution(JsonObject Report, IReadOnlyList<JobRecord> Jobs, string Log)
{
    public string Status => Report["status"]!.GetValue<string>();

    public IReadOnlyList<string> States => [.. Report["states"]!.AsArray().Select(s => s!.GetValue<string>())];

    public override string ToString() => Log;
}
