using System.Text.Json.Nodes;
using Amazon.S3;
using Mlmax.Stores.S3;
using Mlmax.Testing.Aws.Local;

// The SageMaker stand-in as a program, one job per start (tools/aws-local/run.mjs starts it for each task attempt):
// reads {"resource": ..., "request": {...}} on standard input, runs the job, prints the Describe*Job response on
// standard output, the job's progress and the container's output on standard error. S3 is the endpoint of the
// standard AWS variables (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...).
//   --record DIR  appends each job (request and response) to DIR as NNN.json
//   --work DIR    where job folders are made (default: the temp folder)
// Exit code 0 when the job ran (whatever its status), 2 when the request was refused or names what the stand-in does
// not do (the reason on standard output).
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
var input = JsonNode.Parse(await Console.In.ReadToEndAsync())!.AsObject();
var resource = input["resource"]!.GetValue<string>();
var request = input["request"]!.AsObject();
var work = options.GetValueOrDefault("--work") ?? Path.Combine(Path.GetTempPath(), "mlmax-sagemaker");
using var client = new AmazonS3Client(S3ClientConfiguration.FromEnvironment());
var standIn = new SageMakerStandIn(client, work, Console.Error.WriteLine);
JobRecord record;
try
{
    record = new JobRecord(resource, request, await standIn.RunAsync(resource, request, CancellationToken.None), null);
}
catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
{
    record = new JobRecord(resource, request, null, e.Message);
}

if (options.GetValueOrDefault("--record") is { } recordDirectory)
{
    record.AppendTo(recordDirectory);
}

Console.Out.Write(record.Response?.ToJsonString() ?? record.Error);
return record.Response is null ? 2 : 0;
