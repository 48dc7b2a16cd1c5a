using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Mlmax.Testing.Aws;

/// <summary>
/// Runs the offline AWS validator, <c>tools/aws-validate/validate.mjs</c> (Node.js), on CloudFormation templates and
/// state machine definitions (<c>*.asl.json</c>): the templates against the CloudFormation resource spec, the
/// definitions with two ASL validators, and SageMaker task parameters against the SageMaker API model. See
/// docs/aws-validation.md.
/// </summary>
/// <remarks>
/// The validator's packages come from <c>MLMAX_AWS_VALIDATE</c> if set (a directory holding their
/// <c>node_modules</c>), else <c>.build/aws-validate</c> in the repository (<c>make deps-aws</c>, which
/// <c>make test</c> runs). Node.js 20 or later must be on the <c>PATH</c>.
/// </remarks>
public static class AwsValidators
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The validator's directory, <c>tools/aws-validate</c> in the repository above the test binaries.</summary>
    /// <exception cref="InvalidOperationException">No such directory above <see cref="AppContext.BaseDirectory"/>.</exception>
    public static string ToolDirectory
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "tools", "aws-validate");
                if (File.Exists(Path.Combine(candidate, "validate.mjs")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException($"AWS validator: tools/aws-validate/validate.mjs not found above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Validates files; see <see cref="ValidateAsync(IEnumerable{string}, CancellationToken)"/>.</summary>
    /// <param name="files">Templates (<c>*.json</c> with <c>Resources</c>) and definitions (<c>*.asl.json</c>).</param>
    /// <returns>The errors found, none when all are valid.</returns>
    public static Task<ValidationResult> ValidateAsync(params string[] files) => ValidateAsync(files, CancellationToken.None);

    /// <summary>
    /// Validates files together (a definition's <c>${...}</c> placeholders take their sample values from the
    /// DefinitionSubstitutions of the templates passed with it).
    /// </summary>
    /// <param name="files">Templates (<c>*.json</c> with <c>Resources</c>) and definitions (<c>*.asl.json</c>).</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    /// <returns>The errors found, none when all are valid.</returns>
    /// <exception cref="InvalidOperationException">
    /// The validator could not run: its packages are missing (run <c>make deps-aws</c>), a file is unreadable or of
    /// neither kind, or node failed; the message says which.
    /// </exception>
    public static async Task<ValidationResult> ValidateAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var run = await RunNodeAsync(["validate.mjs", "--json", .. files.Select(Path.GetFullPath)], cancellationToken);
        if (run.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"AWS validator: validate.mjs could not check the files (exit {run.ExitCode}): {run.Stderr.Trim()}");
        }

        var errors = JsonSerializer.Deserialize<List<ValidationError>>(run.Stdout, JsonOptions);
        return new ValidationResult(errors ?? throw new InvalidOperationException($"AWS validator: unexpected output:\n{run}"));
    }

    /// <summary>
    /// Runs <c>node</c> in <see cref="ToolDirectory"/> with the given arguments (e.g. <c>test/run.mjs</c>, the
    /// validator's own tests), after checking that the validator's packages are installed.
    /// </summary>
    /// <param name="arguments">The script and its arguments.</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    /// <returns>Exit code and output.</returns>
    /// <exception cref="InvalidOperationException">The packages are missing, or node could not start.</exception>
    public static async Task<NodeRun> RunNodeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var directory = ToolDirectory;
        var packages = PackageDirectory(directory);
        if (!File.Exists(Path.Combine(packages, "node_modules", "asl-validator", "package.json")))
        {
            throw new InvalidOperationException(
                $"AWS validator: its packages are not installed in {packages}. Run 'make deps-aws' (make test does it) " +
                "or set MLMAX_AWS_VALIDATE to a directory holding them.");
        }

        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["MLMAX_AWS_VALIDATE"] = packages;
        psi.Environment["NO_COLOR"] = "1";
        using var process = StartNode(psi);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new NodeRun(process.ExitCode, await stdout, await stderr);
    }

    private static string PackageDirectory(string toolDirectory) =>
        Environment.GetEnvironmentVariable("MLMAX_AWS_VALIDATE") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(toolDirectory, "..", "..", ".build", "aws-validate"));

    private static Process StartNode(ProcessStartInfo psi)
    {
        try
        {
            return Process.Start(psi) ?? throw new InvalidOperationException("AWS validator: could not start node");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"AWS validator: could not start 'node' ({e.Message}); Node.js 20 or later must be on the PATH", e);
        }
    }
}
