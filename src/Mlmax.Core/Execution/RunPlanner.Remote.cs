using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>Input bindings that name S3 data: fetched into a scratch folder, ingested, and the scratch copy deleted.</summary>
public sealed partial class RunPlanner
{
    /// <summary>The scheme of bindings read through <see cref="ExecutorContext.RemoteInputs"/>.</summary>
    public const string RemoteScheme = "s3://";

    /// <summary>Whether a binding names S3 data rather than a local path.</summary>
    /// <param name="binding">The binding as given.</param>
    /// <returns><see langword="true"/> for <c>s3://…</c>.</returns>
    public static bool IsRemote(string binding) => binding.StartsWith(RemoteScheme, StringComparison.Ordinal);

    private async Task<InputBindingRecord> BindRemoteAsync(InputSpec input, string url, CancellationToken cancellationToken)
    {
        var remote = _context.RemoteInputs ?? throw new RunRequestException(
            $"input '{input.Name}': {url} is in S3, and this process has no S3 reader configured (ExecutorContext.RemoteInputs): bind a local path instead");
        var scratch = Path.Combine(_context.StateDirectory, "tmp", "inputs", Guid.NewGuid().ToString("N"));
        try
        {
            var fetched = input.Kind == InputKind.File
                ? await remote.FetchFileAsync(url, scratch, cancellationToken)
                : await remote.FetchDirectoryAsync(url, scratch, cancellationToken);
            var (id, _) = input.Kind == InputKind.File
                ? await _context.Artifacts.IngestFileAsync(fetched.Path, null, rememberHashes: false, cancellationToken)
                : await _context.Artifacts.IngestDirectoryAsync(fetched.Path, rememberHashes: false, cancellationToken);
            return new InputBindingRecord(id, fetched.Source);
        }
        catch (RemoteInputException e)
        {
            throw new RunRequestException($"input '{input.Name}' ({input.Kind.ToString().ToLowerInvariant()}): {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}
