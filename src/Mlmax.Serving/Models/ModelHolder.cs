namespace Mlmax.Serving.Models;

/// <summary>
/// The model being served, swapped atomically: a request reads <see cref="Current"/> once and keeps that instance to
/// the end, so a swap never drops or mixes an in-flight request.
/// </summary>
/// <param name="initial">The first model.</param>
internal sealed class ModelHolder(ServedModel initial)
{
    private ServedModel _current = initial;

    /// <summary>The model to use for a new request.</summary>
    public ServedModel Current => Volatile.Read(ref _current);

    /// <summary>Replaces the model.</summary>
    /// <param name="next">The new model.</param>
    /// <returns>The model it replaced.</returns>
    public ServedModel Swap(ServedModel next) => Interlocked.Exchange(ref _current, next);
}
