using Mlmax.Definitions;
using Mlmax.Specs;

namespace Mlmax.Cli.Internal.Doctor;

/// <summary>The project's definitions: mlmax.yaml and every pipeline in pipelines/, loaded and validated as <c>mlmax run</c> does.</summary>
internal static class ProjectChecks
{
    public static (DoctorCheck Check, ProjectSettings? Settings) Settings(string root)
    {
        const string Name = "project";
        try
        {
            var settings = new ProjectLoader().Parse(File.ReadAllText(Path.Combine(root, ProjectHost.ProjectFile)), ProjectHost.ProjectFile);
            return (DoctorCheck.Ok(Name, $"{settings.Name} ({root})"), settings);
        }
        catch (DefinitionException e)
        {
            return (DoctorCheck.Fail(Name, Describe(e.Errors)), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (DoctorCheck.Fail(Name, $"cannot read {ProjectHost.ProjectFile}: {e.Message}"), null);
        }
    }

    /// <summary>Loads every pipeline; the check names the first error of the first invalid one with its file and line.</summary>
    public static (DoctorCheck Check, IReadOnlyList<PipelineSpec> Pipelines) Pipelines(string root)
    {
        const string Name = "pipelines";
        var directory = Path.Combine(root, "pipelines");
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.y*ml").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            return (DoctorCheck.Warn(Name, "no pipelines/NAME.yaml yet: mlmax run needs one"), []);
        }

        var loaded = new List<PipelineSpec>();
        var invalid = new List<(string File, IReadOnlyList<DefinitionError> Errors)>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                loaded.Add(new PipelineLoader().Parse(File.ReadAllText(file), relative));
            }
            catch (DefinitionException e)
            {
                invalid.Add((relative, e.Errors));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                invalid.Add((relative, [new DefinitionError(relative, 0, 0, "", $"cannot read the definition: {e.Message}")]));
            }
        }

        if (invalid.Count == 0)
        {
            return (DoctorCheck.Ok(Name, $"{loaded.Count} valid: {string.Join(", ", loaded.Select(p => p.Name))}"), loaded);
        }

        var others = invalid.Count > 1 ? $"; also invalid: {string.Join(", ", invalid.Skip(1).Select(i => i.File))}" : "";
        return (DoctorCheck.Fail(Name, Describe(invalid[0].Errors) + others), loaded);
    }

    private static string Describe(IReadOnlyList<DefinitionError> errors) =>
        errors.Count switch
        {
            0 => "invalid definition",
            1 => errors[0].ToString(),
            _ => $"{errors[0]} (and {errors.Count - 1} more errors)",
        };
}
