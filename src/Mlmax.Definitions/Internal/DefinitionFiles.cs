namespace Mlmax.Definitions.Internal;

/// <summary>Reads definition files, turning a missing file into a definition error.</summary>
internal static class DefinitionFiles
{
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new DefinitionException([new DefinitionError(path, 0, 0, string.Empty, $"cannot read the definition: {e.Message}")]);
        }
    }
}
