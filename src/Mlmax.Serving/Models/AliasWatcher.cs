using Microsoft.Extensions.Logging;
using Mlmax.Registry;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Metrics;

namespace Mlmax.Serving.Models;

/// <summary>
/// Polls the registry for where a served alias (or the latest version) points; when it moves, loads and verifies the
/// new version in the background and swaps it in. A version that fails to load is not served: the old one stays, the
/// error is logged, and the load is tried again at the next poll.
/// </summary>
internal sealed class AliasWatcher : IAsyncDisposable
{
    private readonly IModelSource _source;
    private readonly ModelReference _reference;
    private readonly ModelHolder _holder;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _log;
    private readonly ViolationPolicy _onViolation;
    private readonly PeriodicTimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private string? _lastFailure;

    public AliasWatcher(IModelSource source, ModelReference reference, ModelHolder holder, ServerMetrics metrics, ILogger log, TimeSpan interval, TimeProvider timeProvider, ViolationPolicy onViolation)
    {
        _onViolation = onViolation;
        _source = source;
        _reference = reference;
        _holder = holder;
        _metrics = metrics;
        _log = log;
        _timer = new PeriodicTimer(interval, timeProvider);
    }

    /// <summary>Starts polling.</summary>
    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Stops polling and waits for a load in progress to end.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (await _timer.WaitForNextTickAsync(cancellationToken))
        {
            await PollOnceAsync(cancellationToken);
        }
    }

    /// <summary>One look at the registry, and a swap if the reference moved.</summary>
    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        ModelVersionRecord? resolved;
        try
        {
            resolved = await _source.ResolveAsync(_reference, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RegistryUnavailable(_log, _reference.ToString(), e.Message);
            return;
        }

        var current = _holder.Current;
        if (resolved is null)
        {
            Log.ReferenceGone(_log, _reference.ToString(), current.Version.Reference);
            return;
        }

        if (resolved.Version == current.Version.Version && resolved.BundleArtifact == current.Version.BundleArtifact)
        {
            if (!resolved.Aliases.SequenceEqual(current.Version.Aliases, StringComparer.Ordinal))
            {
                _holder.Swap(current with { Version = resolved });
            }

            return;
        }

        var attempt = $"{resolved.Reference} {resolved.BundleArtifact}";
        try
        {
            Log.Loading(_log, _reference.ToString(), resolved.Reference, current.Version.Reference);
            var next = await _source.LoadAsync(resolved, cancellationToken);
            var previous = _holder.Swap(next);
            _metrics.ModelSwapped();
            _lastFailure = null;
            Log.Swapped(_log, _reference.ToString(), previous.Version.Reference, next.Version.Reference, next.Version.BundleArtifact);
            Log.Guard(_log, next, _onViolation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.ModelLoadFailed();
            if (_lastFailure != attempt)
            {
                Log.LoadFailed(_log, e, resolved.Reference, current.Version.Reference);
            }
            else
            {
                Log.LoadFailedAgain(_log, resolved.Reference, e.Message);
            }

            _lastFailure = attempt;
        }
    }
}
