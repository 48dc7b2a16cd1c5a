namespace Mlmax.Metadata;

/// <summary>The state of a run or step run.</summary>
public enum RunStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,

    /// <summary>Running now.</summary>
    Running,

    /// <summary>Finished and published its outputs.</summary>
    Succeeded,

    /// <summary>Reused the outputs of an identical earlier step run.</summary>
    Cached,

    /// <summary>Failed; see the error.</summary>
    Failed,

    /// <summary>Stopped by Ctrl-C or because another step failed.</summary>
    Cancelled,

    /// <summary>Its process died without recording an end (e.g. killed); resumable.</summary>
    Interrupted,
}
