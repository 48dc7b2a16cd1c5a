using System.Text.Json;

namespace Mlmax.Aws.Runs;

/// <summary>
/// A failure's cause, readable: a SageMaker <c>.sync</c> task that fails gives its job's whole description as the
/// cause; what matters in it is the job's <c>FailureReason</c> and name.
/// </summary>
public static class FailureCause
{
    /// <summary>The error and the gist of its cause.</summary>
    /// <param name="error">The error name, e.g. <c>States.TaskFailed</c>.</param>
    /// <param name="cause">The cause, possibly a job description in JSON, possibly after a <c>step X failed: </c> prefix.</param>
    /// <returns>E.g. <c>States.TaskFailed: AlgorithmError: ... (SageMaker job train-1234)</c>, or <see langword="null"/> without either.</returns>
    public static string? Describe(string? error, string? cause)
    {
        var gist = cause is null ? null : Gist(cause);
        return (error, gist) switch
        {
            (null, null) => null,
            (_, null) => error,
            (null, _) => gist,
            _ => $"{error}: {gist}",
        };
    }

    private static string Gist(string cause)
    {
        var brace = cause.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            try
            {
                var job = JsonSerializer.Deserialize<JsonElement>(cause[brace..]);
                if (job.ValueKind == JsonValueKind.Object && Text(job, "FailureReason") is { } reason)
                {
                    var name = Text(job, "TrainingJobName") ?? Text(job, "ProcessingJobName");
                    return $"{cause[..brace]}{reason}{(name is null ? "" : $" (SageMaker job {name})")}";
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: shown as it is.
            }
        }

        return cause.Length <= 2000 ? cause : cause[..2000] + "...";
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
