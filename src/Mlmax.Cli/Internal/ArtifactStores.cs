using Mlmax.Artifacts;
using Mlmax.Stores.Local;
using Mlmax.Stores.S3;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Picks the project's blob store, under its artifact store: the <c>MLMAX_ARTIFACTS</c> environment variable, else
/// <c>artifacts:</c> in mlmax.yaml, else local disk in the project's state directory. S3 is named by an
/// <c>s3://BUCKET/PREFIX</c> URL; endpoint, region and credentials come from the standard AWS settings.
/// </summary>
internal static class ArtifactStores
{
    public const string EnvironmentVariable = "MLMAX_ARTIFACTS";

    /// <summary>The configured store, as text: the variable wins over the project file.</summary>
    public static string? Configured(string? fromProject) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : fromProject;

    /// <summary>Which store <paramref name="configured"/> names, for messages: <c>local (.mlmax/artifacts)</c> or its <c>s3://</c> URL.</summary>
    public static string Describe(string? configured) => configured is null or "local" ? "local (.mlmax/artifacts)" : configured;

    /// <summary>Creates the blob store named by <paramref name="configured"/>.</summary>
    public static IBlobStore Create(string? configured, string stateDirectory)
    {
        if (configured is null or "local")
        {
            return new LocalBlobStore(Path.Combine(stateDirectory, "artifacts"));
        }

        if (configured.StartsWith(S3Root.Scheme, StringComparison.Ordinal))
        {
            try
            {
                return new S3BlobStore(configured);
            }
            catch (FormatException e)
            {
                throw new UserException($"artifact store: {e.Message}");
            }
        }

        throw new UserException(
            $"unknown artifact store (from {EnvironmentVariable} or 'artifacts:' in {ProjectHost.ProjectFile}): use 'local' or s3://BUCKET/PREFIX");
    }
}
