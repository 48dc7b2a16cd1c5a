using Mlmax.Monitoring.Profiles;

namespace Mlmax.Monitoring.Requests;

/// <summary>The profiles of the served rows logged in a window: their inputs and their predictions.</summary>
/// <param name="Input">The inputs, profiled against the version's feature baseline.</param>
/// <param name="Predictions">The predictions, profiled against its prediction baseline; <see langword="null"/> without one.</param>
/// <param name="Requests">How many requests the rows came from.</param>
/// <param name="FirstAt">When the first row was scored; <see langword="null"/> when there were none.</param>
/// <param name="LastAt">When the last row was scored; <see langword="null"/> when there were none.</param>
public sealed record RequestWindowProfile(BatchProfile Input, BatchProfile? Predictions, long Requests, DateTimeOffset? FirstAt, DateTimeOffset? LastAt)
{
    /// <summary>The rows profiled.</summary>
    public long Rows => Input.Rows;
}
