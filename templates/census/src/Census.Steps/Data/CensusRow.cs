namespace Census.Steps.Data;

/// <summary>One row of a census CSV file, its columns put in <see cref="CensusSchema.Columns"/> order.</summary>
/// <param name="Values">The cleaned values: trimmed, <see langword="null"/> for <c>?</c> or empty.</param>
/// <param name="Raw">The fields exactly as in the file (the label's is empty when the file has no label).</param>
/// <param name="Extra">The trimmed value of the extra column asked of the reader (an id column), if any.</param>
/// <param name="Number">The 0-based number of the row among the file's data rows.</param>
internal sealed record CensusRow(string?[] Values, string[] Raw, string? Extra, long Number)
{
    /// <summary>The row's label: true for 50000+, <see langword="null"/> when missing or unknown.</summary>
    public bool? Label => CensusSchema.ParseLabel(Values[CensusSchema.LabelIndex]);
}
