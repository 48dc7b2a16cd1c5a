namespace Mlmax.Scheduling.Internal;

/// <summary>Disposes what may be disposable, asynchronously when it can.</summary>
internal static class Disposal
{
    public static async ValueTask DisposeAsync(object? value)
    {
        switch (value)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }
}
