namespace Mlmax.Serving.Payloads;

/// <summary>Column names match the way the scorer matches them: ignoring case, spaces and punctuation.</summary>
internal static class ColumnNames
{
    /// <summary>The form names are compared in: <c>class of worker</c> and <c>ClassOfWorker</c> are both <c>classofworker</c>.</summary>
    public static string Normalize(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
