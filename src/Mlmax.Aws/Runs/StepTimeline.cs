using System.Text.Json;
using Mlmax.Aws.Api;
using Mlmax.Metadata;

namespace Mlmax.Aws.Runs;

/// <summary>One step's part of an execution, read from its history.</summary>
/// <param name="Step">The step (its Task state's name).</param>
/// <param name="Status">Its status: pending (not entered), running, succeeded, failed or cancelled.</param>
/// <param name="StartedAt">When its state was entered.</param>
/// <param name="EndedAt">When its state was left, or the execution ended.</param>
/// <param name="Attempts">Jobs started for it (retries included).</param>
/// <param name="JobName">The SageMaker job's name of the last attempt.</param>
/// <param name="Error">The last failure's error name.</param>
/// <param name="Cause">The last failure's cause.</param>
public sealed record StepTimeline(
    string Step,
    RunStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int Attempts,
    string? JobName,
    string? Error,
    string? Cause)
{
    private static readonly HashSet<string> TaskFailures = new(StringComparer.Ordinal)
    {
        "TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed", "TaskStartTimedOut",
    };

    /// <summary>Reads each step's timeline from an execution's history.</summary>
    /// <param name="steps">The pipeline's steps, in order.</param>
    /// <param name="history">The history, oldest first.</param>
    /// <param name="execution">The execution (its status decides what unfinished states became).</param>
    /// <returns>One timeline per step, in the pipeline's order.</returns>
    public static IReadOnlyList<StepTimeline> Read(IReadOnlyList<string> steps, IReadOnlyList<HistoryEvent> history, ExecutionDescription execution)
    {
        var known = new HashSet<string>(steps, StringComparer.Ordinal);
        var byStep = steps.ToDictionary(s => s, s => new StepTimeline(s, RunStatus.Pending, null, null, 0, null, null, null), StringComparer.Ordinal);
        var stateOf = new Dictionary<long, string>();
        foreach (var e in history)
        {
            var state = e.Type.EndsWith("StateEntered", StringComparison.Ordinal) ? e.StateName
                : stateOf.GetValueOrDefault(e.PreviousEventId);
            if (state is null)
            {
                continue;
            }

            stateOf[e.Id] = state;
            if (!known.Contains(state))
            {
                continue;
            }

            var t = byStep[state];
            byStep[state] = e.Type switch
            {
                "TaskStateEntered" => t with { Status = RunStatus.Running, StartedAt = e.Timestamp },
                "TaskScheduled" => t with { Attempts = t.Attempts + 1, Status = RunStatus.Running },
                "TaskSucceeded" => t with { Status = RunStatus.Succeeded, JobName = JobNameIn(e.Output, state) ?? t.JobName, Error = null, Cause = null },
                _ when TaskFailures.Contains(e.Type) => t with { Status = RunStatus.Failed, Error = e.Error, Cause = e.Cause },
                "TaskStateExited" => t with { EndedAt = e.Timestamp, JobName = JobNameIn(e.Output, state) ?? t.JobName },
                "TaskStateAborted" => t with { Status = RunStatus.Cancelled, EndedAt = e.Timestamp },
                _ => t,
            };
        }

        return steps.Select(s => Settle(byStep[s], execution)).ToList();
    }

    /// <summary>A state still open when the execution ended did not finish: aborted executions cancel it, others fail it.</summary>
    private static StepTimeline Settle(StepTimeline t, ExecutionDescription execution)
    {
        if (t.Status != RunStatus.Running || execution.Running)
        {
            return t;
        }

        return execution.Status == "ABORTED"
            ? t with { Status = RunStatus.Cancelled, EndedAt = t.EndedAt ?? execution.StopDate, Error = "cancelled", Cause = execution.Cause }
            : t with { Status = RunStatus.Failed, EndedAt = t.EndedAt ?? execution.StopDate, Error = t.Error ?? execution.Error, Cause = t.Cause ?? execution.Cause };
    }

    /// <summary>A job's name: <c>jobs.STEP.name</c> of a state's output, or the job description a <c>.sync</c> task returns.</summary>
    private static string? JobNameIn(string? output, string step)
    {
        if (output is null)
        {
            return null;
        }

        try
        {
            var root = JsonSerializer.Deserialize<JsonElement>(output);
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Object && jobs.TryGetProperty(step, out var job)
                && job.ValueKind == JsonValueKind.Object && job.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }

            foreach (var key in (string[])["TrainingJobName", "ProcessingJobName"])
            {
                if (root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
