using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlmax.Definitions.Tests;

public sealed class SchemaTests
{
    private static JsonSchema Load(string fileName) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", fileName)));

    private static bool IsValid(JsonSchema schema, string yaml) =>
        schema.Evaluate(YamlToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;

    [Fact]
    public void PipelineSchema_FullSample_Valid()
    {
        Assert.True(IsValid(Load("pipeline.schema.json"), Samples.FullYaml));
    }

    [Theory]
    [InlineData("timout: 10m")]
    [InlineData("timeout: abc")]
    [InlineData("retries: -1")]
    [InlineData("python: a.py")]
    [InlineData("args: [--x]")]
    [InlineData("cache: 3")]
    public void PipelineSchema_StepWithBadKeyOrType_Invalid(string line)
    {
        var yaml = $"name: p\nsteps:\n  a:\n    dotnet: A.B\n    {line}\n";

        Assert.True(IsValid(Load("pipeline.schema.json"), "name: p\nsteps:\n  a:\n    dotnet: A.B\n"));
        Assert.False(IsValid(Load("pipeline.schema.json"), yaml));
    }

    [Theory]
    [InlineData("seed: { type: integer, default: abc }")]
    [InlineData("seed: { type: int }")]
    [InlineData("Seed: { type: integer }")]
    public void PipelineSchema_BadParameter_Invalid(string line)
    {
        Assert.False(IsValid(Load("pipeline.schema.json"), $"name: p\nparameters:\n  {line}\nsteps:\n  a: {{ dotnet: A.B }}\n"));
    }

    [Theory]
    [InlineData("dotnet: A.B\n    pool: gpu", true)]
    [InlineData("dotnet: A.B\n    pool: high-mem_2", true)]
    [InlineData("dotnet: A.B\n    pool: GPU", false)]
    [InlineData("dotnet: A.B\n    pool: gpu.large", false)]
    [InlineData("dotnet: A.B\n    pool: ''", false)]
    [InlineData("dotnet: A.B\n    pool: abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy", false)]
    [InlineData("predict: ${params.m}\n    partitions: 8", true)]
    [InlineData("predict: ${params.m}\n    partitions: 1000\n    pool: gpu", true)]
    [InlineData("predict: ${params.m}\n    partitions: 0", false)]
    [InlineData("predict: ${params.m}\n    partitions: 1001", false)]
    [InlineData("predict: ${params.m}\n    partitions: 2.5", false)]
    [InlineData("dotnet: A.B\n    partitions: 4", false)]
    [InlineData("python: a.py\n    partitions: 4", false)]
    public void PipelineSchema_PoolAndPartitions_Classified(string lines, bool valid)
    {
        var yaml = $"name: p\nparameters:\n  m: {{ type: model }}\nsteps:\n  a:\n    {lines}\n";

        Assert.Equal(valid, IsValid(Load("pipeline.schema.json"), yaml));
    }

    [Theory]
    [InlineData("aws: { job: training, instance_type: ml.m5.xlarge, instance_count: 2, volume_size_gb: 50, max_runtime: 3h, image: x/y:1 }", true)]
    [InlineData("aws: {}", true)]
    [InlineData("aws: { job: batch }", false)]
    [InlineData("aws: { instance_type: m5.xlarge }", false)]
    [InlineData("aws: { instance_count: 0 }", false)]
    [InlineData("aws: { volume_size_gb: 20000 }", false)]
    [InlineData("aws: { instance_cnt: 2 }", false)]
    public void PipelineSchema_Aws_Classified(string line, bool valid)
    {
        Assert.Equal(valid, IsValid(Load("pipeline.schema.json"), $"name: p\nsteps:\n  a:\n    dotnet: A.B\n    {line}\n"));
    }

    [Fact]
    public void PipelineSchema_FullSampleWithModel_Valid()
    {
        Assert.True(IsValid(Load("pipeline.schema.json"), Samples.FullYamlWithModel));
    }

    [Theory]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n", true)]
    [InlineData("  name: census-python\n  register: false\n  metrics: a\n  bundle: { transform: a.t, model: a.m, schema: a.s }\n  gates: [{ metric: auc, min: 0.6 }, { metric: auc, max_drop: 0.02, alias: production }]\n", true)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates:\n", true)]
    [InlineData("  bundle: { transform: a.t, model: a.m }\n", false)]
    [InlineData("  name: census\n", false)]
    [InlineData("  name: Census\n  bundle: { transform: a.t, model: a.m }\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t }\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a }\n", false)]
    [InlineData("  name: census\n  bundle: { transform: inputs.t, model: a.m }\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m, Schema: a.s }\n", false)]
    [InlineData("  name: census\n  regster: true\n  bundle: { transform: a.t, model: a.m }\n", false)]
    [InlineData("  name: census\n  register: maybe\n  bundle: { transform: a.t, model: a.m }\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: [{ metric: auc }]\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: [{ min: 0.6 }]\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: [{ metric: auc, max_drop: -0.1 }]\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: [{ metric: auc, min: high }]\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: [{ metric: auc, mni: 0.6, max: 1 }]\n", false)]
    [InlineData("  name: census\n  bundle: { transform: a.t, model: a.m }\n  gates: { metric: auc, min: 0.6 }\n", false)]
    public void PipelineSchema_ModelSection_Classified(string model, bool valid)
    {
        var yaml = $"name: p\nsteps:\n  a: {{ dotnet: A.B, outputs: [t, m, s] }}\nmodel:\n{model}";

        Assert.Equal(valid, IsValid(Load("pipeline.schema.json"), yaml));
    }

    [Theory]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", timezone: Europe/London, params: { l2: 0.1 }, inputs: { raw: a.csv }, misfire: skip, overlap: queue }\n", true)]
    [InlineData("schedules:\n  nightly: { timezone: UTC }\n", false)]
    [InlineData("schedules:\n  nightly: { cron: \"@daily\", misfire: always }\n", false)]
    [InlineData("watches:\n  new_data: { path: incoming/, pattern: \"*.csv\", input: raw, batch: false, poll: 30s }\n", true)]
    [InlineData("watches:\n  new_data: { path: incoming/, input: raw, poll: soon }\n", false)]
    [InlineData("watches:\n  new_data: { path: incoming/ }\n", false)]
    public void PipelineSchema_SchedulesAndWatches_Classified(string section, bool valid)
    {
        var yaml = $"name: p\nsteps:\n  a: {{ dotnet: A.B, outputs: [m] }}\n{section}";

        Assert.Equal(valid, IsValid(Load("pipeline.schema.json"), yaml));
    }

    [Fact]
    public void ProjectSchema_ValidAndInvalidSamples_Classified()
    {
        var schema = Load("project.schema.json");

        Assert.True(IsValid(schema, "name: census\ndotnet: { project: a.csproj, in_process: false }\npython: { interpreter: python3 }\n"));
        Assert.False(IsValid(schema, "name: census\ndotnet: { projet: a.csproj }\n"));
        Assert.False(IsValid(schema, "name: census\ndotnet: { in_process: maybe }\n"));
        Assert.False(IsValid(schema, "dotnet: { project: a.csproj }\n"));
        Assert.True(IsValid(schema, "name: census\nmetadata: postgres://mlmax@db:5432/mlmax\n"));
        Assert.True(IsValid(schema, "name: census\nmetadata: sqlite\n"));
        Assert.False(IsValid(schema, "name: census\nmetadata: mysql://db/mlmax\n"));
        Assert.True(IsValid(schema, "name: census\nartifacts: s3://mlmax-artifacts/team-a\n"));
        Assert.True(IsValid(schema, "name: census\nartifacts: local\n"));
        Assert.False(IsValid(schema, "name: census\nartifacts: gs://bucket/prefix\n"));
        Assert.True(IsValid(schema, "name: census\nmonitoring:\n  thresholds: { psi: 0.3, features: { age: { psi: 0.1 }, \"capital gains\": { ignore: true } } }\n  alerts: [ { log: true }, { webhook: \"https://hooks.example.com/x\", headers: { Authorization: \"Bearer t\" } } ]\n"));
        Assert.False(IsValid(schema, "name: census\nmonitoring:\n  thresholds: { js: 0.1 }\n"));
        Assert.False(IsValid(schema, "name: census\nmonitoring:\n  thresholds: { ks_p_value: 1.5 }\n"));
        Assert.False(IsValid(schema, "name: census\nmonitoring:\n  alerts: [ { email: me@example.com } ]\n"));
    }

    [Fact]
    public void DefinitionSchemas_EmbeddedResources_MatchFiles()
    {
        var all = DefinitionSchemas.All();

        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "pipeline.schema.json")), DefinitionSchemas.Pipeline);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "project.schema.json")), all[DefinitionSchemas.ProjectFileName]);
    }

    /// <summary>Converts YAML to JSON the way editors do: plain scalars typed, quoted scalars strings.</summary>
    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
