namespace Mlmax.Scoring.Formats;

/// <summary>
/// Runs an asynchronous call to completion for a synchronous API. Parquet.Net 6 has no synchronous reads or writes,
/// and not all of its awaits leave the caller's synchronization context, so the call is started with none: its
/// continuations run on the thread pool, and blocking here cannot deadlock a single-threaded context.
/// </summary>
internal static class SyncOverAsync
{
    public static T Run<T>(Func<Task<T>> start)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public static void Run(Func<Task> start) => Run(async () =>
    {
        await start();
        return true;
    });
}
