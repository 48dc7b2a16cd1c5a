using System.Globalization;
using System.Runtime.InteropServices;
using Mlmax.Definitions;
using Mlmax.Identity;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>The runtime mlmax runs on, and the .NET SDK that builds a project's .NET steps.</summary>
internal static class ToolChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static DoctorCheck Runtime() => DoctorCheck.Ok(
        "mlmax", $"{EnvironmentInfo.MlmaxVersion} on {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");

    /// <summary>Whether the project has .NET steps: a step project in mlmax.yaml, or a <c>dotnet:</c> step in a pipeline.</summary>
    public static bool HasDotnetSteps(ProjectSettings settings, IEnumerable<PipelineSpec> pipelines) =>
        settings.DotnetProject is not null || pipelines.Any(p => p.Steps.Any(s => s.Runner is DotnetRunner));

    /// <summary>The SDK <c>dotnet</c> picks in the step project's folder (where its global.json, if any, applies), which builds the steps.</summary>
    public static async Task<DoctorCheck> DotnetSdkAsync(string root, ProjectSettings settings, CancellationToken cancellationToken)
    {
        const string Name = "dotnet sdk";
        var runtime = Environment.Version.Major;
        if (settings.DotnetProject is not { } project)
        {
            return DoctorCheck.Fail(Name, $"pipelines have .NET steps but mlmax.yaml names no step project: add dotnet: {{ project: src/NAME/NAME.csproj }}");
        }

        var file = Path.GetFullPath(Path.Combine(root, project));
        if (!File.Exists(file))
        {
            return DoctorCheck.Fail(Name, $"the step project {project} (dotnet.project in mlmax.yaml) does not exist");
        }

        var result = await ToolProcess.RunAsync("dotnet", ["--version"], Path.GetDirectoryName(file)!, Timeout, cancellationToken);
        if (result.Error is { } error)
        {
            return DoctorCheck.Fail(Name, $"{error}: .NET steps are built with the .NET SDK; install the .NET {runtime} SDK");
        }

        if (result.ExitCode != 0)
        {
            var reason = result.Lines.FirstOrDefault(l => l.Contains("SDK", StringComparison.Ordinal))?.Trim() ?? result.LastLine;
            return DoctorCheck.Fail(Name, $"'dotnet --version' in {Path.GetRelativePath(root, Path.GetDirectoryName(file)!)} failed: {reason}");
        }

        var version = result.LastLine;
        var major = int.TryParse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        return major >= runtime
            ? DoctorCheck.Ok(Name, $"{version} (builds {project})")
            : DoctorCheck.Fail(Name, $"SDK {version} is too old: the steps build against mlmax's step API for .NET {runtime}; install the .NET {runtime} SDK");
    }
}
