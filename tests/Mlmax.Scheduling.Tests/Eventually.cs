namespace Mlmax.Scheduling.Tests;

/// <summary>Waits (in real time) for the scheduler's own threads to act on a change of the fake clock.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 15000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Lets the scheduler act on a change that should have no effect, then the caller asserts nothing happened.</summary>
    public static Task SettleAsync(int ms = 400) => Task.Delay(ms);
}
