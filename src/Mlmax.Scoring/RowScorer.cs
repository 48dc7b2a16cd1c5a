using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlmax.Scoring;

/// <summary>A fitted pipeline bound to one <see cref="MutableTextRow"/>: not thread-safe, so instances are pooled.</summary>
internal sealed class RowScorer : IDisposable
{
    private readonly MutableTextRow _input;
    private readonly DataViewRow _output;
    private readonly Func<object?>[] _getters;

    public RowScorer(ITransformer pipeline, IReadOnlyList<(string Name, DataKind Kind)> columns, Func<DataViewSchema, List<DataViewSchema.Column>> outputColumns)
    {
        _input = new MutableTextRow(columns);
        var mapper = pipeline.GetRowToRowMapper(_input.Schema);
        var outputs = outputColumns(mapper.OutputSchema);
        _output = mapper.GetRow(_input, outputs);
        Columns = outputs.Select(c => c.Name).ToList();
        _getters = outputs.Select(c => MlNetBundleScorer.ValueGetter(_output, c)).ToArray();
    }

    /// <summary>The output columns' ML.NET names.</summary>
    public IReadOnlyList<string> Columns { get; }

    public object?[] Score(string?[] values)
    {
        _input.Set(values);
        var result = new object?[_getters.Length];
        for (var i = 0; i < _getters.Length; i++)
        {
            result[i] = _getters[i]();
        }

        return result;
    }

    public void Dispose() => _output.Dispose();
}
