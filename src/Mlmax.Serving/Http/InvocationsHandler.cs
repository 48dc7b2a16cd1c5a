using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlmax.RequestLog;
using Mlmax.Scoring;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Metrics;
using Mlmax.Serving.Models;
using Mlmax.Serving.Payloads;
using Mlmax.Serving.RequestLogging;

namespace Mlmax.Serving.Http;

/// <summary>
/// <c>POST /invocations</c> (the SageMaker hosting contract): a CSV or JSON batch in, one prediction per row out, in
/// order. The model (with its training-schema guard) is read once per request, so a hot swap never changes it midway.
/// </summary>
/// <param name="models">The served model.</param>
/// <param name="metrics">The counters.</param>
/// <param name="maxBodyBytes">The body limit.</param>
/// <param name="onViolation">What to do with rows that violate the training schema.</param>
/// <param name="log">Where reported violations are logged.</param>
/// <param name="idColumn">The request column holding row ids, or <see langword="null"/>.</param>
/// <param name="requestLog">Where sampled rows go, or <see langword="null"/> when the request log is off.</param>
/// <param name="timeProvider">The clock (when a row was scored).</param>
internal sealed class InvocationsHandler(
    ModelHolder models, ServerMetrics metrics, long maxBodyBytes, ViolationPolicy onViolation, ILogger log, string? idColumn, RequestLogWriter? requestLog, TimeProvider timeProvider)
{
    /// <summary>The header naming the version that scored a request (<c>NAME:VERSION</c>).</summary>
    public const string ModelHeader = "X-Mlmax-Model";

    /// <summary>The header carrying a request's id: the client's, or one generated; always answered.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const int MaxRequestIdLength = 200;

    private const string NoViolations = "0";

    public async Task HandleAsync(HttpContext context)
    {
        var model = models.Current;
        var request = context.Request;
        var requestId = RequestId(request);
        context.Response.Headers[RequestIdHeader] = requestId;
        try
        {
            RequestBody.CheckDeclaredLength(request, maxBodyBytes);
            var (format, header) = ContentNegotiation.RequestFormat(request);
            var (answer, answerHeader) = ContentNegotiation.ResponseFormat(request);
            InputBatch batch;
            using (var body = await RequestBody.ReadAsync(request, maxBodyBytes, context.RequestAborted))
            {
                batch = format == PayloadFormat.Csv ? CsvPayloadReader.Read(body.Memory, header, model) : JsonPayloadReader.Read(body.Memory, model.Layouts.Recent?.Names);
            }

            BatchValidator.RequireRows(batch);
            (batch, var ids) = IdColumn.Extract(batch, idColumn, model);
            var layout = RequestLayout.For(model, batch.Columns);
            var rows = BatchValidator.Validate(batch, layout.Columns);
            var check = TrainingSchemaCheck.Run(layout.Guard, onViolation, rows, metrics);
            var predictions = Score(layout.Scorer, rows, context.RequestAborted);
            metrics.Predicted(predictions.Count);
            if (requestLog is not null)
            {
                LogRows(requestLog, model, requestId, ids, layout, rows, predictions);
            }

            context.Response.Headers[ModelHeader] = model.Version.Reference;
            if (check is not null)
            {
                context.Response.Headers[TrainingSchemaCheck.ViolationsHeader] = check.IsValid ? NoViolations : check.Violations.Count.ToString(CultureInfo.InvariantCulture);
                if (!check.IsValid)
                {
                    Log.ViolationsScored(log, model.Version.Reference, check.Violations.Count, TrainingSchemaCheck.Describe(check.Violations[0]));
                }
            }

            if (answer == PayloadFormat.Csv)
            {
                context.Response.ContentType = "text/csv; charset=utf-8";
                await context.Response.WriteAsync(PredictionWriter.WriteCsv(model.Scorer.OutputColumnNames, predictions, answerHeader), context.RequestAborted);
                return;
            }

            var json = new ArrayBufferWriter<byte>();
            PredictionWriter.WriteJson(json, model.JsonOutputNames, predictions);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = json.WrittenCount;
            await context.Response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted);
        }
        catch (PayloadException e) when (e.Status == StatusCodes.Status422UnprocessableEntity)
        {
            metrics.SchemaViolated();
            throw;
        }
    }

    /// <summary>Queues the sampled rows of a scored request; never waits, never throws for the log's sake.</summary>
    private void LogRows(RequestLogWriter writer, ServedModel model, string requestId, string?[]? ids, RequestLayout layout, IReadOnlyList<string?[]> rows, ScoredColumns predictions)
    {
        var at = timeProvider.GetUtcNow();
        var outputNames = model.Scorer.OutputColumnNames;
        for (var r = 0; r < predictions.Count; r++)
        {
            if (!writer.Sample())
            {
                continue;
            }

            var inputs = new Dictionary<string, string?>(layout.Columns.Count, StringComparer.Ordinal);
            for (var c = 0; c < layout.Columns.Count; c++)
            {
                inputs[layout.Columns[c].Name] = rows[r][c];
            }

            var values = predictions.Row(r);
            var outputs = new Dictionary<string, object?>(outputNames.Count, StringComparer.Ordinal);
            for (var c = 0; c < outputNames.Count; c++)
            {
                outputs[outputNames[c]] = values[c] switch
                {
                    float f => (double)f,
                    int n => (double)n,
                    uint n => (double)n,
                    long n => (double)n,
                    var v => v,
                };
            }

            var rowId = ids?[r] is { Length: > 0 } id ? id : string.Create(CultureInfo.InvariantCulture, $"{requestId}:{r}");
            writer.Enqueue(new LoggedRow(requestId, rowId, at, model.Version.Name, model.Version.Version, inputs, outputs));
        }
    }

    /// <summary>The client's request id when it is printable and short, else a new one.</summary>
    private static string RequestId(HttpRequest request)
    {
        var given = request.Headers[RequestIdHeader].ToString();
        return given.Length is > 0 and <= MaxRequestIdLength && given.All(ch => ch is > ' ' and < (char)127 && ch != ',')
            ? given
            : Guid.NewGuid().ToString("N");
    }

    private static ScoredColumns Score(ScorerBinding scorer, IReadOnlyList<string?[]> rows, CancellationToken cancellationToken)
    {
        try
        {
            return scorer.Score(rows, cancellationToken);
        }
        catch (SchemaViolationException e)
        {
            throw PayloadException.Schema([new FieldProblem("columns", null, e.Message)], 1);
        }
    }
}
