namespace Census.Steps;

/// <summary>The parameters of <see cref="Preprocess"/>.</summary>
public sealed class PreprocessParameters
{
    /// <summary>The share of rows held out for testing, in (0, 1).</summary>
    /// <value>0.2.</value>
    public double SplitRatio { get; set; } = 0.2;

    /// <summary>The seed of the split.</summary>
    /// <value>42.</value>
    public int Seed { get; set; } = 42;
}
