namespace Census.Steps.Data;

/// <summary>One column of the census data.</summary>
/// <param name="Header">The column's name in the CSV header, e.g. <c>class of worker</c>.</param>
/// <param name="Name">The column's name in ML.NET data views: the matching <see cref="CensusRecord"/> property.</param>
/// <param name="Kind">How the column is used.</param>
internal sealed record CensusColumn(string Header, string Name, ColumnKind Kind);
