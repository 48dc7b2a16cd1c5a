// The floor: the census bundle's fitted transform and model, scored with plain ML.NET and nothing else.
//   floor-server serve TRANSFORM.zip MODEL.zip PORT        POST /invocations, one JSON row in, one prediction out
//   floor-server batch TRANSFORM.zip MODEL.zip INPUT.csv OUTPUT.csv
//   floor-server probe TRANSFORM.zip MODEL.zip INPUT.csv N  per-row cost of a pooled PredictionEngine against a new
//                                                            data view and cursor per call (what a per-request view costs)
using System.Globalization;
using System.Text;
using FloorServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 4 || (args[0] != "serve" && args[0] != "batch" && args[0] != "probe"))
{
    Console.Error.WriteLine("usage: floor-server serve TRANSFORM MODEL PORT | batch TRANSFORM MODEL INPUT OUTPUT | probe TRANSFORM MODEL INPUT N");
    return 2;
}

var ml = new MLContext(0);
var transform = ml.Model.Load(args[1], out _);
var model = ml.Model.Load(args[2], out _);
var chain = new TransformerChain<ITransformer>(transform, model);

if (args[0] == "batch")
{
    return Batch(ml, chain, args[3], args[4]);
}

if (args[0] == "probe")
{
    return Probe(ml, chain, args[3], int.Parse(args[4], CultureInfo.InvariantCulture));
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{args[3]}");
var app = builder.Build();
var pool = new DefaultObjectPool<PredictionEngine<CensusRow, CensusPrediction>>(new EnginePolicy(ml, chain), Environment.ProcessorCount * 4);
app.MapGet("/ping", () => Results.Ok());
app.MapPost("/invocations", (CensusRow row) =>
{
    var engine = pool.Get();
    try
    {
        return engine.Predict(row);
    }
    finally
    {
        pool.Return(engine);
    }
});
Console.WriteLine($"floor serving on http://127.0.0.1:{args[3]}");
app.Run();
return 0;

// Streams the CSV (header row, 41 feature columns first, as the census files are) through the chain and writes
// row_id,predicted_label,probability,score.
static int Batch(MLContext ml, ITransformer chain, string input, string output)
{
    static IEnumerable<CensusRow> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, false, 1 << 20);
        reader.ReadLine();
        long n = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var row = new CensusRow { Id = (n++).ToString(CultureInfo.InvariantCulture) };
            row.Fill(line.Split(','));
            yield return row;
        }
    }

    var scored = chain.Transform(ml.Data.LoadFromEnumerable(Read(input)));
    long rows = 0;
    using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
    writer.WriteLine("row_id,predicted_label,probability,score");
    foreach (var p in ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: true))
    {
        rows++;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Id},{(p.PredictedLabel ? "true" : "false")},{p.Probability},{p.Score}"));
    }

    Console.WriteLine($"floor scored {rows} rows");
    return 0;
}

// Scores the first data row of INPUT N times each way, after N untimed calls each, and prints microseconds per call.
static int Probe(MLContext ml, ITransformer chain, string input, int n)
{
    var row = new CensusRow();
    row.Fill(File.ReadLines(input).Skip(1).First().Split(','));
    var engine = ml.Model.CreatePredictionEngine<CensusRow, CensusPrediction>(chain);
    float viewScore = 0;
    void PerCallView()
    {
        var scored = chain.Transform(ml.Data.LoadFromEnumerable(new[] { row }));
        foreach (var p in ml.Data.CreateEnumerable<CensusPrediction>(scored, reuseRowObject: false))
        {
            viewScore = p.Score;
        }
    }

    double Time(Action call)
    {
        for (var i = 0; i < n; i++)
        {
            call();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            call();
        }

        return watch.Elapsed.TotalMicroseconds / n;
    }

    var engineUs = Time(() => engine.Predict(row));
    var viewUs = Time(PerCallView);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"engine_us\": {engineUs:F1}, \"view_us\": {viewUs:F1}, \"score_engine\": {engine.Predict(row).Score}, \"score_view\": {viewScore}}}"));
    return 0;
}

internal sealed class Scored
{
    public string Id { get; set; } = "";
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}

internal sealed class EnginePolicy(MLContext ml, ITransformer chain) : PooledObjectPolicy<PredictionEngine<CensusRow, CensusPrediction>>
{
    public override PredictionEngine<CensusRow, CensusPrediction> Create() =>
        ml.Model.CreatePredictionEngine<CensusRow, CensusPrediction>(chain);

    public override bool Return(PredictionEngine<CensusRow, CensusPrediction> obj) => true;
}
