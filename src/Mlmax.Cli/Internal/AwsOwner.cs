namespace Mlmax.Cli.Internal;

/// <summary>The owner of a run that executes on AWS: <c>aws:EXECUTION_ARN</c>. Such a run lives on AWS, whatever happens to the process that started it.</summary>
internal static class AwsOwner
{
    public const string Prefix = "aws:";

    /// <summary>The execution's ARN, if the run is owned by one.</summary>
    public static string? ExecutionArn(string owner) => owner.StartsWith(Prefix, StringComparison.Ordinal) ? owner[Prefix.Length..] : null;
}
