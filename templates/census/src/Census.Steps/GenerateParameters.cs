namespace Census.Steps;

/// <summary>The parameters of <see cref="Generate"/>.</summary>
public sealed class GenerateParameters
{
    /// <summary>The number of rows to write.</summary>
    /// <value>100000.</value>
    public long Rows { get; set; } = 100_000;

    /// <summary>The seed; the same seed and sample give the same file.</summary>
    /// <value>42.</value>
    public int Seed { get; set; } = 42;
}
