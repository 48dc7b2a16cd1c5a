namespace Mlmax.Specs;

/// <summary>Where a step input's data comes from.</summary>
public abstract record DataReference
{
    private protected DataReference()
    {
    }

    /// <summary>Parses <c>inputs.NAME</c> or <c>STEP.OUTPUT</c>.</summary>
    /// <param name="text">The reference text.</param>
    /// <returns>The reference, or <see langword="null"/> when the text has neither form.</returns>
    public static DataReference? TryParse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1 || text.IndexOf('.', dot + 1) >= 0)
        {
            return null;
        }

        var head = text[..dot];
        var tail = text[(dot + 1)..];
        return head == "inputs" ? new PipelineInputReference(tail) : new StepOutputReference(head, tail);
    }
}

/// <summary>A reference to a pipeline's run-time input.</summary>
/// <param name="Input">The pipeline input's name.</param>
public sealed record PipelineInputReference(string Input) : DataReference
{
    /// <inheritdoc/>
    public override string ToString() => $"inputs.{Input}";
}

/// <summary>A reference to another step's output.</summary>
/// <param name="Step">The producing step.</param>
/// <param name="Output">The output's name.</param>
public sealed record StepOutputReference(string Step, string Output) : DataReference
{
    /// <inheritdoc/>
    public override string ToString() => $"{Step}.{Output}";
}
