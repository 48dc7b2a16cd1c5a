using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Mlmax.Stores.S3;

namespace Mlmax.Scheduling.Internal;

/// <summary>What watch polls share: the S3 client and the directory where fetched files and batches are staged.</summary>
internal sealed class WatchResources(SchedulerOptions options) : IDisposable
{
    private readonly Lazy<IAmazonS3> _s3 = new(() => options.S3Client ?? new AmazonS3Client(S3ClientConfiguration.FromEnvironment()));

    public IWatchedFolder Folder(WatchSpec spec) => spec.IsS3 ? new S3Folder(S3Root.Parse(spec.Path), _s3.Value) : new LocalFolder(spec.Path);

    /// <summary>A directory of its own per trigger: <c>STAGING/WATCH/HASH</c>.</summary>
    public string StagingDirectory(string watch, string triggerKey) =>
        Path.Combine(options.WatchStagingDirectory, watch, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(triggerKey)))[..16]);

    public void Dispose()
    {
        if (_s3.IsValueCreated && options.S3Client is null)
        {
            _s3.Value.Dispose();
        }
    }
}
