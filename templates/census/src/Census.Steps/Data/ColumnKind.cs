namespace Census.Steps.Data;

/// <summary>How a census column is used.</summary>
internal enum ColumnKind
{
    /// <summary>A number, imputed with the training mean and normalized (mean and variance).</summary>
    Numeric,

    /// <summary>A category, one-hot encoded; codes that look like numbers (industry recode, year) are categories too.</summary>
    Categorical,

    /// <summary>The survey's sampling weight: kept in the data, not a feature.</summary>
    Weight,

    /// <summary>The label, <c>income</c>.</summary>
    Label,
}
