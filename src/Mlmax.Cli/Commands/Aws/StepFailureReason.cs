namespace Mlmax.Cli.Commands.Aws;

/// <summary>
/// Watches a step's output for what to say when it fails: the error a .NET step's entry point reports
/// (<c>step NAME failed: Type: message</c>), else the last line that is not part of a stack trace (a Python
/// traceback ends with its exception). SageMaker shows it as the job's failure reason.
/// </summary>
internal sealed class StepFailureReason(string step)
{
    private readonly string _marker = $"step {step} failed: ";
    private string? _reported;
    private string? _last;

    /// <summary>Takes one output line.</summary>
    /// <param name="line">The line.</param>
    public void Add(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("File \"", StringComparison.Ordinal))
        {
            return;
        }

        if (line.StartsWith(_marker, StringComparison.Ordinal))
        {
            _reported = line[_marker.Length..].Trim();
        }

        _last = trimmed;
    }

    /// <summary>The reason for an exit code: <c>step NAME exited with code N: ERROR</c>.</summary>
    /// <param name="exitCode">The step's exit code.</param>
    /// <returns>The reason.</returns>
    public string For(int exitCode) =>
        (_reported ?? _last) is { } error ? $"step {step} exited with code {exitCode}: {error}" : $"step {step} exited with code {exitCode}";
}
