namespace Mlmax.Scoring.Schema;

/// <summary>How input column names match schema and model columns: ignoring case, spaces and punctuation.</summary>
public static class ColumnNames
{
    /// <summary>The key a name matches by: its letters and digits, lowercased (<c>class of worker</c> and <c>ClassOfWorker</c> are <c>classofworker</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The key.</returns>
    public static string Normalize(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
