using System.Text.Json.Serialization;

namespace Mlmax.Aws.StepFunctions;

/// <summary>A state of a state machine. Serialized as its concrete type.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(TaskState))]
[JsonDerivedType(typeof(PassState))]
[JsonDerivedType(typeof(FailState))]
[JsonDerivedType(typeof(SucceedState))]
public abstract record State
{
    private protected State()
    {
    }

    /// <summary>The state's type, e.g. <c>Task</c>.</summary>
    [JsonPropertyOrder(-2)]
    public abstract string Type { get; }

    /// <summary>What the state does.</summary>
    [JsonPropertyOrder(-1)]
    public string? Comment { get; init; }
}

/// <summary>A state that moves on: to <see cref="Next"/>, or ends the execution when <see cref="End"/>.</summary>
public abstract record FlowState : State
{
    private protected FlowState()
    {
    }

    /// <summary>The next state; <see langword="null"/> when this one ends the execution.</summary>
    [JsonPropertyOrder(10)]
    public string? Next { get; init; }

    /// <summary><see langword="true"/> when this state ends the execution.</summary>
    [JsonPropertyOrder(11)]
    public bool? End => Next is null ? true : null;
}

/// <summary>A <c>Task</c> state: a call to a service integration.</summary>
/// <param name="Resource">The integration, e.g. <c>arn:aws:states:::sagemaker:createProcessingJob.sync</c>.</param>
/// <param name="Parameters">The request.</param>
public sealed record TaskState(string Resource, object Parameters) : FlowState
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-2)]
    public override string Type => "Task";

    /// <summary>Picks what to keep of the task's result.</summary>
    public IReadOnlyDictionary<string, string>? ResultSelector { get; init; }

    /// <summary>Where the (selected) result goes in the state's input; <see langword="null"/> discards it, keeping the input as it was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ResultPath { get; init; }

    /// <summary>The longest the task may take, in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How failures are retried.</summary>
    public IReadOnlyList<Retrier>? Retry { get; init; }

    /// <summary>Where failures go once retries are spent.</summary>
    public IReadOnlyList<Catcher>? Catch { get; init; }
}

/// <summary>A <c>Pass</c> state: shapes the state data without calling anything.</summary>
public sealed record PassState : FlowState
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-2)]
    public override string Type => "Pass";

    /// <summary>A fixed result.</summary>
    public object? Result { get; init; }

    /// <summary>The new state data, built from the input (keys ending in <c>.$</c> are paths or intrinsic functions).</summary>
    public IReadOnlyDictionary<string, object>? Parameters { get; init; }

    /// <summary>Where the result goes in the input; <see langword="null"/>: it replaces the input.</summary>
    public string? ResultPath { get; init; }
}

/// <summary>A <c>Fail</c> state: ends the execution as failed.</summary>
/// <param name="Error">The error name.</param>
public sealed record FailState(string Error) : State
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-2)]
    public override string Type => "Fail";

    /// <summary>A fixed cause.</summary>
    public string? Cause { get; init; }

    /// <summary>The cause, computed from the state data (a path or an intrinsic function).</summary>
    public string? CausePath { get; init; }
}

/// <summary>A <c>Succeed</c> state: ends the execution as succeeded.</summary>
public sealed record SucceedState : State
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-2)]
    public override string Type => "Succeed";
}

/// <summary>A retry rule of a task.</summary>
/// <param name="ErrorEquals">The errors it applies to.</param>
/// <param name="IntervalSeconds">The wait before the first retry.</param>
/// <param name="MaxAttempts">Retries (not counting the first attempt).</param>
/// <param name="BackoffRate">The factor the wait grows by after each retry.</param>
public sealed record Retrier(IReadOnlyList<string> ErrorEquals, int IntervalSeconds, int MaxAttempts, double BackoffRate);

/// <summary>A catch rule of a task.</summary>
/// <param name="ErrorEquals">The errors it applies to.</param>
/// <param name="Next">The state failures go to.</param>
/// <param name="ResultPath">Where the error goes in the state data.</param>
public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, string ResultPath);
