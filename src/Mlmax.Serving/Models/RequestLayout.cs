using Mlmax.Scoring;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Payloads;

namespace Mlmax.Serving.Models;

/// <summary>
/// What a served model makes of one request's column names, worked out once and reused by every request with the
/// same names (clients repeat theirs): the input column each name is, the training-schema guard bound to them and the
/// scorer bound to them. Immutable and thread-safe.
/// </summary>
internal sealed class RequestLayout
{
    private RequestLayout(IReadOnlyList<string> names, IReadOnlyList<InputColumn> columns, SchemaBinding? guard, ScorerBinding scorer)
    {
        Names = new KnownColumnNames(names);
        Columns = columns;
        Guard = guard;
        Scorer = scorer;
    }

    /// <summary>The request's column names, as the client gave them.</summary>
    public KnownColumnNames Names { get; }

    /// <summary>The model's input column of each request column, in the request's order.</summary>
    public IReadOnlyList<InputColumn> Columns { get; }

    /// <summary>The training-schema guard bound to the request's columns; <see langword="null"/> when the model has no training schema.</summary>
    public SchemaBinding? Guard { get; }

    /// <summary>The scorer bound to the request's columns.</summary>
    public ScorerBinding Scorer { get; }

    /// <summary>The layout of <paramref name="columnNames"/> for <paramref name="model"/>: remembered, or worked out now.</summary>
    /// <param name="model">The served model.</param>
    /// <param name="columnNames">The request's column names, as the client gave them.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="PayloadException">422 for an unknown, repeated or missing column.</exception>
    public static RequestLayout For(ServedModel model, IReadOnlyList<string> columnNames) =>
        model.Layouts.TryGet(columnNames) ?? model.Layouts.Remember(Create(model, columnNames));

    private static RequestLayout Create(ServedModel model, IReadOnlyList<string> columnNames)
    {
        var columns = BatchValidator.MapColumns(columnNames, model.Inputs);
        ScorerBinding scorer;
        try
        {
            scorer = model.Scorer.Bind(columns.Select(c => c.Name).ToList());
        }
        catch (SchemaViolationException e)
        {
            throw PayloadException.Schema([new FieldProblem("columns", null, e.Message)], 1);
        }

        return new RequestLayout(columnNames, columns, model.Guard?.Bind(columnNames), scorer);
    }
}
