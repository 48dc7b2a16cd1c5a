using Mlmax.Specs;

namespace Mlmax.Aws.Compilation;

/// <summary>
/// Where a compiled pipeline's data lives in S3, as Step Functions expressions. <c>${ArtifactBucket}</c> and
/// <c>${ArtifactPrefix}</c> are the template's definition substitutions (filled in by CloudFormation at deploy time);
/// each execution writes under <c>runs/EXECUTION_NAME/</c>, read from the state data's <c>run</c>.
/// </summary>
internal static class S3Locations
{
    private const string Root = "s3://${ArtifactBucket}/${ArtifactPrefix}";

    /// <summary>The code packages of a version: a fixed URI once deployed.</summary>
    public static string Code => Root + "/code/${CodeVersion}/";

    /// <summary>An output of a processing step: a folder of files.</summary>
    public static string ProcessingOutput(string step, string output) =>
        $"States.Format('{Root}/runs/{{}}/{Escape(step)}/{Escape(output)}/', $.run)";

    /// <summary>Where a training step's job writes <c>JOB_NAME/output/model.tar.gz</c> and <c>output.tar.gz</c>.</summary>
    public static string TrainingOutputPath(string step) => $"States.Format('{Root}/runs/{{}}/{Escape(step)}/', $.run)";

    /// <summary>The archive a training step's output is in: <c>model.tar.gz</c> for <c>model</c>, else <c>output.tar.gz</c>
    /// (the job's name is kept in the state data at <c>jobs.STEP.name</c> when the job ends).</summary>
    public static string TrainingArchive(string step, string output) =>
        $"States.Format('{Root}/runs/{{}}/{Escape(step)}/{{}}/output/{(output == "model" ? "model" : "output")}.tar.gz', $.run, {TrainingJobName(step)})";

    /// <summary>Where a training step's task keeps its job's name: the task's <c>ResultPath</c> is <c>$.jobs.STEP</c> and its
    /// <c>ResultSelector</c> keeps <c>name</c>.</summary>
    public static string TrainingJobName(string step) => $"$.jobs.{step}.name";

    /// <summary>Where a step's input comes from.</summary>
    public static string Source(DataReference source, Func<string, AwsJobKind> jobOf) => source switch
    {
        PipelineInputReference i => $"$.inputs.{i.Input}",
        StepOutputReference o when jobOf(o.Step) == AwsJobKind.Training => TrainingArchive(o.Step, o.Output),
        StepOutputReference o => ProcessingOutput(o.Step, o.Output),
        _ => throw new ArgumentException($"unknown reference {source}", nameof(source)),
    };

    /// <summary>Escapes a literal for an intrinsic function's quoted string.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("{", "\\{", StringComparison.Ordinal)
            .Replace("}", "\\}", StringComparison.Ordinal);
}
