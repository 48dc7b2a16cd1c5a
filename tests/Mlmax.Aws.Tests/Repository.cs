namespace Mlmax.Aws.Tests;

/// <summary>Paths in the source repository.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string CensusTemplate => Path.Combine(Root, "templates", "census");

    public static string Golden => Path.Combine(Root, "tests", "Mlmax.Aws.Tests", "Golden");

    private static string FindRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "mlmax.slnx")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException($"no mlmax.slnx above {AppContext.BaseDirectory}");
        }

        return directory;
    }
}
