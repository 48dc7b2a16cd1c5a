namespace Mlmax.Scheduling.Internal;

/// <summary>
/// Makes one scheduler at a time the active one on a SQLite metadata file (Quartz.NET's store does not cluster on SQLite):
/// an exclusive lock on <c>FILE.scheduler.lock</c>, which the operating system releases when the process ends, however it ends.
/// </summary>
internal sealed class SingleSchedulerLease : IDisposable
{
    private readonly FileStream _lock;

    private SingleSchedulerLease(FileStream lockFile) => _lock = lockFile;

    /// <summary>The lock file of a database file.</summary>
    public static string LockPath(string databasePath) => databasePath + ".scheduler.lock";

    /// <summary>Takes the lease if no other scheduler holds it.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="nodeId">Written into the lock file, to say who holds it.</param>
    /// <returns>The lease, or <see langword="null"/> when another scheduler is active.</returns>
    public static SingleSchedulerLease? TryAcquire(string databasePath, string nodeId)
    {
        try
        {
            var file = new FileStream(LockPath(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write(nodeId);
            }

            file.Flush();
            return new SingleSchedulerLease(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
