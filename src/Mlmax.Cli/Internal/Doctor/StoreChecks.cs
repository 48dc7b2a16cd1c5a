using System.Globalization;
using Mlmax.Artifacts;
using Mlmax.Definitions;
using Mlmax.Metadata;
using Mlmax.Stores.Local;
using Mlmax.Stores.S3;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>
/// The project's stores, reached as every command reaches them (<see cref="MetadataStores"/>, <see cref="ArtifactStores"/>)
/// but without migrating or writing anything that stays: the metadata store's schema version is read, the artifact
/// store gets a probe file (deleted at once) or, in S3, a one-object listing. Stores are named as
/// <see cref="ProjectHost.StoresDescription"/> names them, never with a password.
/// </summary>
internal static class StoreChecks
{
    private const long LowDiskBytes = 1L << 30;

    public static async Task<DoctorCheck> MetadataAsync(string root, ProjectSettings settings, CancellationToken cancellationToken)
    {
        const string Name = "metadata store";
        var state = Path.Combine(root, ".mlmax");
        IMetadataStore store;
        try
        {
            (store, _) = MetadataStores.Create(MetadataStores.Configured(settings.Metadata), state);
        }
        catch (Exception e) when (e is UserException or IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail(Name, e.Message);
        }

        await using (store)
        {
            var description = MetadataStores.Describe(store);
            if (store is Mlmax.Stores.Sqlite.SqliteMetadataStore && Writable.Problem(state, Path.Combine(state, "mlmax.db")) is { } problem)
            {
                return DoctorCheck.Fail(Name, $"{description}: {problem}");
            }

            int version;
            try
            {
                version = await store.GetSchemaVersionAsync(cancellationToken);
            }
            catch (System.Data.Common.DbException e)
            {
                return DoctorCheck.Fail(Name, store is Mlmax.Stores.Postgres.PostgresMetadataStore
                    ? $"{description}: {e.Message}; check that the database server runs and accepts connections from this machine, "
                      + $"and the URL in {MetadataStores.EnvironmentVariable} or metadata: in {ProjectHost.ProjectFile}"
                    : $"{description}: {e.Message}");
            }

            var latest = store.LatestSchemaVersion;
            return version switch
            {
                0 => DoctorCheck.Ok(Name, $"{description}, no schema yet (the first command creates schema {latest})"),
                _ when version == latest => DoctorCheck.Ok(Name, $"{description}, schema {version}"),
                _ when version < latest => DoctorCheck.Ok(Name, $"{description}, schema {version} (the next command upgrades it to {latest})"),
                _ => DoctorCheck.Fail(Name, $"{description}: written by a newer mlmax (schema {version}, this one knows {latest}); upgrade mlmax"),
            };
        }
    }

    public static async Task<DoctorCheck> ArtifactsAsync(string root, ProjectSettings settings, CancellationToken cancellationToken)
    {
        const string Name = "artifact store";
        var configured = ArtifactStores.Configured(settings.Artifacts);
        var description = ArtifactStores.Describe(configured);
        IBlobStore blobs;
        try
        {
            blobs = ArtifactStores.Create(configured, Path.Combine(root, ".mlmax"));
        }
        catch (Exception e) when (e is UserException or IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail(Name, $"{description}: {e.Message}");
        }
        catch (Amazon.Runtime.AmazonClientException e)
        {
            return DoctorCheck.Fail(Name, $"{description}: {e.Message} (set AWS_REGION, or AWS_ENDPOINT_URL_S3 for an S3-compatible server; mlmax doctor --aws checks credentials and region)");
        }

        try
        {
            switch (blobs)
            {
                case LocalBlobStore local:
                    if (Writable.Problem(Path.Combine(local.Location, "staging"), null) is { } problem)
                    {
                        return DoctorCheck.Fail(Name, $"{description}: {problem}");
                    }

                    var free = new DriveInfo(local.Location).AvailableFreeSpace;
                    var space = string.Create(CultureInfo.InvariantCulture, $"{free / (double)(1L << 30):0.0} GiB free");
                    return free < LowDiskBytes
                        ? DoctorCheck.Warn(Name, $"{description}, writable, only {space}: free disk space, or share artifacts in S3 ({ArtifactStores.EnvironmentVariable}=s3://BUCKET/PREFIX)")
                        : DoctorCheck.Ok(Name, $"{description}, writable, {space}");
                case S3BlobStore s3:
                    await s3.CheckAccessAsync(cancellationToken);
                    return DoctorCheck.Ok(Name, $"{description}, reachable");
                default:
                    return DoctorCheck.Ok(Name, description);
            }
        }
        catch (ArtifactStoreUnavailableException e)
        {
            return DoctorCheck.Fail(Name, e.Message);
        }
        finally
        {
            (blobs as IDisposable)?.Dispose();
        }
    }
}
