using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mlmax.Scoring;
using Mlmax.Scoring.Schema;
using Mlmax.Serving.Metrics;
using Mlmax.Serving.Models;
using Mlmax.Serving.Payloads;

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
internal sealed class InvocationsHandler(ModelHolder models, ServerMetrics metrics, long maxBodyBytes, ViolationPolicy onViolation, ILogger log)
{
    /// <summary>The header naming the version that scored a request (<c>NAME:VERSION</c>).</summary>
    public const string ModelHeader = "X-Mlmax-Model";

    private const string NoViolations = "0";

    public async Task HandleAsync(HttpContext context)
    {
        var model = models.Current;
        var request = context.Request;
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
            var layout = RequestLayout.For(model, batch.Columns);
            var rows = BatchValidator.Validate(batch, layout.Columns);
            var check = TrainingSchemaCheck.Run(layout.Guard, onViolation, rows, metrics);
            var predictions = Score(layout.Scorer, rows, context.RequestAborted);
            metrics.Predicted(predictions.Count);
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
