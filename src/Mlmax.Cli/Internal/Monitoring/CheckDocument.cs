using System.Globalization;
using System.Text.Json;
using Mlmax.Metadata;
using Mlmax.Monitoring.Drift;

namespace Mlmax.Cli.Internal.Monitoring;

/// <summary>
/// A check as JSON: what the recorded report artifact holds (<c>report.json</c>) and what <c>mlmax monitor --json</c>
/// prints (with the HTML report's path).
/// </summary>
internal static class CheckDocument
{
    public const string FileName = "report.json";

    private static readonly JsonSerializerOptions SourceOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(MonitorCheckRecord record, string reference, DriftReport input, DriftReport? predictions, string? htmlReport = null) =>
        "{"
        + $"\"check\": {S(record.Id)}, \"model\": {S(reference)}, \"run\": {S(record.Source.RunId)}, \"step\": {S(record.Source.Step)},\n"
        + $"\"source\": {JsonSerializer.Serialize(record.Source, SourceOptions)},\n"
        + $"\"checked_at\": {S(record.CheckedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}, \"drifted\": {(record.Drifted ? "true" : "false")},\n"
        + (htmlReport is null ? "" : $"\"report\": {S(htmlReport)},\n")
        + $"\"input\": {input.ToJson().TrimEnd()},\n\"predictions\": {predictions?.ToJson().TrimEnd() ?? "null"}}}\n";

    /// <summary>
    /// Stores a check's document as its hash-addressed report artifact and records the check with it, in one call for
    /// every kind of check (a batch, a request window, labels).
    /// </summary>
    /// <returns>The check as recorded, with <see cref="MonitorCheckRecord.ReportArtifact"/> set.</returns>
    public static async Task<MonitorCheckRecord> SaveAsync(ProjectHost host, MonitorCheckRecord record, string json, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var document = Path.Combine(folder, FileName);
        await File.WriteAllTextAsync(document, json, cancellationToken);
        var (artifact, tree) = await host.Artifacts.IngestFileAsync(document, FileName, cancellationToken);
        record = record with { ReportArtifact = artifact };
        await host.Metadata.SaveMonitorCheckAsync(record, new ArtifactRecord(artifact, tree.Files.Sum(f => f.Size), tree.Files.Count, record.CheckedAt), cancellationToken);
        return record;
    }

    public static (DriftReport Input, DriftReport? Predictions) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var input = DriftReport.FromJson(root.GetProperty("input").GetRawText());
        var predictions = root.TryGetProperty("predictions", out var p) && p.ValueKind == JsonValueKind.Object ? DriftReport.FromJson(p.GetRawText()) : null;
        return (input, predictions);
    }

    private static string S(string? text) => JsonSerializer.Serialize(text);
}
