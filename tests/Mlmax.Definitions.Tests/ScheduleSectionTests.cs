using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

public sealed class ScheduleSectionTests
{
    // Lines 1-8; the schedules or watches section starts on line 9.
    private const string Head =
        "name: p\n" +
        "parameters:\n" +
        "  l2: { type: number, default: 0.01 }\n" +
        "inputs:\n" +
        "  raw: { type: file }\n" +
        "  drop: { type: directory }\n" +
        "steps:\n" +
        "  a: { dotnet: A.B, inputs: { raw: inputs.raw }, outputs: [m] }\n";

    [Fact]
    public void Parse_SchedulesAndWatches_Read()
    {
        var spec = new PipelineLoader().Parse(
            Head
            + "schedules:\n"
            + "  nightly: { cron: \"0 3 * * *\", timezone: Europe/London, params: { l2: 0.1 }, inputs: { raw: data/census.csv }, misfire: skip, overlap: queue }\n"
            + "  hourly: { cron: \"@hourly\" }\n"
            + "watches:\n"
            + "  new_data: { path: incoming/, pattern: \"*.csv\", input: raw, poll: 10s }\n"
            + "  drops: { path: s3://bucket/drops/, input: drop, batch: true }\n",
            "p.yaml");

        var nightly = spec.Schedules[0];
        Assert.Equal(("nightly", "0 3 * * *", "Europe/London", MisfirePolicy.Skip, OverlapPolicy.Queue), (nightly.Name, nightly.Cron, nightly.TimeZone, nightly.Misfire, nightly.Overlap));
        Assert.Equal("0.1", nightly.Parameters["l2"]);
        Assert.Equal("data/census.csv", nightly.Inputs["raw"]);
        Assert.Equal(("hourly", "UTC", MisfirePolicy.RunOnce, OverlapPolicy.Skip), (spec.Schedules[1].Name, spec.Schedules[1].TimeZone, spec.Schedules[1].Misfire, spec.Schedules[1].Overlap));
        Assert.Equal(new PipelineWatch("new_data", "incoming/", "raw") { Pattern = "*.csv", Poll = TimeSpan.FromSeconds(10), Parameters = spec.Watches[0].Parameters }, spec.Watches[0]);
        Assert.Equal((true, "*", TimeSpan.FromSeconds(30)), (spec.Watches[1].Batch, spec.Watches[1].Pattern, spec.Watches[1].Poll));
    }

    [Fact]
    public void Version_ScheduleAndWatchAdded_Unchanged()
    {
        var bare = new PipelineLoader().Parse(Head, "p.yaml");
        var scheduled = new PipelineLoader().Parse(Head + "schedules:\n  nightly: { cron: \"0 3 * * *\" }\nwatches:\n  w: { path: in, input: raw }\n", "p.yaml");

        Assert.Equal(CanonicalForm.ToJson(bare), CanonicalForm.ToJson(scheduled));
        Assert.Equal(CanonicalForm.Version(bare), CanonicalForm.Version(scheduled));
    }

    [Theory]
    [InlineData("schedules:\n  nightly: { cron: \"0 25 * * *\" }\n", "schedules.nightly.cron", "cron '0 25 * * *' is not valid: hour field '25': 25 is out of range 0-23")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * *\" }\n", "schedules.nightly.cron", "expected five fields")]
    [InlineData("schedules:\n  nightly: { cron: \"@fortnightly\" }\n", "schedules.nightly.cron", "unknown macro '@fortnightly'")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", timezone: Mars/Olympus }\n", "schedules.nightly.timezone", "unknown time zone 'Mars/Olympus'")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", params: { l3: 1 } }\n", "schedules.nightly.params.l3", "unknown parameter 'l3' did you mean 'l2'?")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", inputs: { rwa: x.csv } }\n", "schedules.nightly.inputs.rwa", "unknown input 'rwa' did you mean 'raw'?")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", misfire: always }\n", "schedules.nightly.misfire", "unknown misfire policy 'always'")]
    [InlineData("schedules:\n  nightly: { cron: \"0 3 * * *\", overlap: wait }\n", "schedules.nightly.overlap", "unknown overlap policy 'wait'")]
    [InlineData("schedules:\n  nightly: { cron: \"@daily\", timezon: UTC }\n", "schedules.nightly.timezon", "did you mean 'timezone'?")]
    [InlineData("schedules:\n  Nightly: { cron: \"0 3 * * *\" }\n", "schedules.Nightly", "invalid schedule name 'Nightly'")]
    [InlineData("watches:\n  w: { path: in, input: rw }\n", "watches.w.input", "unknown input 'rw' did you mean 'raw'?")]
    [InlineData("watches:\n  w: { path: in, input: drop }\n", "watches.w.input", "input 'drop' is of type directory, but a watch with batch: false binds one new file (type file)")]
    [InlineData("watches:\n  w: { path: in, input: raw, batch: true }\n", "watches.w.input", "a directory of the new files (type directory)")]
    [InlineData("watches:\n  w: { path: in, input: raw, poll: soon }\n", "watches.w.poll", "expected a duration like 500ms, 30s, 10m or 2h, got 'soon'")]
    [InlineData("watches:\n  w: { path: in, input: raw, pattern: \"a/*.csv\" }\n", "watches.w.pattern", "must be a file name pattern")]
    [InlineData("watches:\n  w: { input: raw }\n", "watches.w.path", "missing required key 'path'")]
    public void Parse_BadScheduleOrWatch_ErrorAtKey(string section, string key, string message)
    {
        var error = Samples.SingleError(Head + section);

        Assert.Equal(key, error.Key);
        Assert.Equal(10, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("p.yaml:10:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WatchNamedAsSchedule_Duplicate()
    {
        var error = Samples.SingleError(Head + "schedules:\n  x: { cron: \"@daily\" }\nwatches:\n  x: { path: in, input: raw }\n");

        Assert.Equal(("watches.x", 12), (error.Key, error.Line));
        Assert.Contains("duplicate watch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ScheduleAndWatch_EqualsYaml()
    {
        var yaml = new PipelineLoader().Parse(Head + "schedules:\n  nightly: { cron: \"0 3 * * *\", timezone: Europe/London }\nwatches:\n  w: { path: in, input: raw, pattern: \"*.csv\" }\n", "p.yaml");
        var built = new PipelineBuilder("p")
            .Parameter("l2", ParameterType.Number, 0.01)
            .Input("raw", InputKind.File)
            .Input("drop", InputKind.Directory)
            .Step("a", new DotnetRunner("A.B"), s => s.Input("raw", "inputs.raw").Outputs("m"))
            .Schedule("nightly", "0 3 * * *", "Europe/London")
            .Watch("w", "in", "raw", "*.csv")
            .Build();

        Assert.Equal(yaml.Schedules.Select(x => (x.Name, x.Cron, x.TimeZone)), built.Schedules.Select(x => (x.Name, x.Cron, x.TimeZone)));
        Assert.Equal(yaml.Watches.Select(w => (w.Name, w.Path, w.Input, w.Pattern)), built.Watches.Select(w => (w.Name, w.Path, w.Input, w.Pattern)));
    }

    [Fact]
    public void Build_BadCron_Throws()
    {
        var e = Assert.Throws<DefinitionException>(() => new PipelineBuilder("p")
            .Step("a", new DotnetRunner("A.B"), s => s.Outputs("m"))
            .Schedule("nightly", "61 * * * *")
            .Build());

        Assert.Contains(e.Errors, x => x.Key == "schedules.nightly.cron" && x.Message.Contains("minute field '61'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("*/15 0-6,22-23 1-31 jan-dec mon-fri")]
    [InlineData("0 3 * * 7")]
    [InlineData("@weekly")]
    [InlineData("0 0 1 1 *")]
    public void Crontab_Valid_NoProblem(string cron)
    {
        Assert.Null(Crontab.Problem(cron));
    }

    [Theory]
    [InlineData("* * * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("5-1 * * * *")]
    [InlineData("0 0 0 * *")]
    [InlineData("0 0 * 13 *")]
    [InlineData("0 0 L * *")]
    public void Crontab_Invalid_Problem(string cron)
    {
        Assert.NotNull(Crontab.Problem(cron));
    }

    [Fact]
    public void Crontab_Macro_Expanded()
    {
        Assert.Equal(["0", "0", "*", "*", "*"], Crontab.Fields("@daily"));
    }
}
