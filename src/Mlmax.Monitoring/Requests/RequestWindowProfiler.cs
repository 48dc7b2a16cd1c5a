using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Profiles;
using Mlmax.RequestLog;
using Mlmax.Scoring.Schema;

namespace Mlmax.Monitoring.Requests;

/// <summary>
/// Profiles logged served rows (a <see cref="RequestLogArchive"/> window) the way <see cref="BatchProfiler"/> profiles
/// a batch: inputs against the version's feature baseline, predictions against its prediction baseline, so that
/// <see cref="Drift.DriftAnalyzer"/> gives the same reports for served traffic as for a batch inference run. A column
/// a request did not send counts as missing.
/// </summary>
/// <example>
/// <code>
/// var rows = archive.ReadWindowAsync("census", version: 3, from: now.AddDays(-1), to: now, cancellationToken);
/// var profile = await RequestWindowProfiler.ProfileAsync(rows, inputBaseline, predictionBaseline, "census:3 requests", cancellationToken);
/// var report = DriftAnalyzer.Analyze(inputBaseline, profile.Input, DriftThresholds.Default);
/// </code>
/// </example>
public static class RequestWindowProfiler
{
    /// <summary>Profiles the rows in one pass.</summary>
    /// <param name="rows">The logged rows.</param>
    /// <param name="input">The feature baseline.</param>
    /// <param name="predictions">The prediction baseline, or <see langword="null"/>.</param>
    /// <param name="source">What is profiled, named in reports.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The profiles.</returns>
    public static async Task<RequestWindowProfile> ProfileAsync(
        IAsyncEnumerable<LoggedRow> rows, Baseline input, Baseline? predictions, string source, CancellationToken cancellationToken)
    {
        var inputColumns = Columns(input, includeSchema: true);
        var inputs = new BatchProfileBuilder(input, inputColumns, source);
        var outputColumns = predictions is null ? [] : Columns(predictions, includeSchema: false);
        var outputs = predictions is null ? null : new BatchProfileBuilder(predictions, outputColumns, source + " predictions");
        var requests = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? first = null, last = null;
        var values = new string?[inputColumns.Count];
        var predicted = new string?[outputColumns.Count];
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            requests.Add(row.RequestId);
            first = first is null || row.At < first ? row.At : first;
            last = last is null || row.At > last ? row.At : last;
            var byName = row.Inputs.ToDictionary(p => ColumnNames.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
            for (var i = 0; i < inputColumns.Count; i++)
            {
                values[i] = byName.GetValueOrDefault(ColumnNames.Normalize(inputColumns[i]));
            }

            inputs.Add(values);
            if (outputs is not null)
            {
                var outputByName = row.Outputs.ToDictionary(p => ColumnNames.Normalize(p.Key), p => RequestLogFormat.Text(p.Value), StringComparer.Ordinal);
                for (var i = 0; i < outputColumns.Count; i++)
                {
                    predicted[i] = outputByName.GetValueOrDefault(ColumnNames.Normalize(outputColumns[i]));
                }

                outputs.Add(predicted);
            }
        }

        return new RequestWindowProfile(inputs.Build(), outputs?.Build(), requests.Count, first, last);
    }

    /// <summary>The columns a logged row is read as: the baseline's features and, for inputs, the training schema's columns (not its label).</summary>
    private static List<string> Columns(Baseline baseline, bool includeSchema)
    {
        var names = baseline.Numeric.Select(n => n.Name).Concat(baseline.Categorical.Select(c => c.Name)).ToList();
        if (includeSchema && baseline.Schema is { } schema)
        {
            names.AddRange(schema.Columns.Select(c => c.Name).Where(n => n != schema.Label));
        }

        return names.DistinctBy(ColumnNames.Normalize, StringComparer.Ordinal).ToList();
    }
}
