namespace Census.Steps;

/// <summary>The parameters of <see cref="Score"/>.</summary>
public sealed class ScoreParameters
{
    /// <summary>The column of the input holding each row's id; empty: the 0-based row number, as <c>row_id</c>.</summary>
    /// <value>Empty.</value>
    public string IdColumn { get; set; } = "";
}
