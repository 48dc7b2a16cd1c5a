using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>A column a model reads or writes: its name and the CLR type of its values.</summary>
/// <param name="Name">The name: the model's own for inputs, snake_case for outputs (<c>predicted_label</c>, <c>probability</c>).</param>
/// <param name="Type"><see cref="string"/>, <see cref="float"/>, <see cref="double"/>, <see cref="int"/>, <see cref="long"/> or <see cref="bool"/>.</param>
public sealed record ModelColumn(string Name, Type Type)
{
    /// <summary>Whether values are numbers (integer or not).</summary>
    public bool IsNumber => Type == typeof(float) || Type == typeof(double) || Type == typeof(int) || Type == typeof(long);

    /// <summary>Whether values are whole numbers.</summary>
    public bool IsInteger => Type == typeof(int) || Type == typeof(long);

    /// <summary>The ML.NET kind of values of this type.</summary>
    internal DataKind Kind => Type == typeof(float) ? DataKind.Single
        : Type == typeof(double) ? DataKind.Double
        : Type == typeof(int) ? DataKind.Int32
        : Type == typeof(long) ? DataKind.Int64
        : Type == typeof(bool) ? DataKind.Boolean
        : DataKind.String;

    /// <summary>Snake case of a model's column name: <c>PredictedLabel</c> is <c>predicted_label</c>.</summary>
    internal static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 && name[i - 1] != '_' ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
