using System.Globalization;
using System.Text.Json;

namespace Mlmax.Steps;

/// <summary>What a step sees: its inputs, outputs, parameters, log and metrics. Step code never builds store paths.</summary>
public sealed class StepContext
{
    private static readonly JsonSerializerOptions ParameterOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a context from a contract.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="log">Where the step's log goes.</param>
    public StepContext(StepContract contract, TextWriter log)
    {
        Contract = contract;
        Log = log;
    }

    /// <summary>The contract behind this context.</summary>
    public StepContract Contract { get; }

    /// <summary>The step's name.</summary>
    public string StepName => Contract.Step;

    /// <summary>The step's working directory.</summary>
    public string WorkingDirectory => Contract.WorkingDirectory;

    /// <summary>Input name to directory.</summary>
    public IReadOnlyDictionary<string, string> Inputs => Contract.Inputs;

    /// <summary>Output name to directory.</summary>
    public IReadOnlyDictionary<string, string> Outputs => Contract.Outputs;

    /// <summary>The step's log, kept per step run and streamed live.</summary>
    public TextWriter Log { get; }

    /// <summary>The directory of input <paramref name="name"/>.</summary>
    /// <param name="name">The input's name.</param>
    /// <returns>The directory.</returns>
    public string Input(string name) =>
        Inputs.TryGetValue(name, out var dir)
            ? dir
            : throw new KeyNotFoundException($"step '{StepName}' has no input '{name}' (it has: {string.Join(", ", Inputs.Keys)})");

    /// <summary>The one file of input <paramref name="name"/>.</summary>
    /// <param name="name">The input's name.</param>
    /// <returns>The file's path.</returns>
    public string InputFile(string name)
    {
        var files = Directory.GetFiles(Input(name), "*", SearchOption.AllDirectories);
        return files.Length == 1
            ? files[0]
            : throw new InvalidOperationException($"input '{name}' of step '{StepName}' holds {files.Length} files, expected exactly one");
    }

    /// <summary>The directory to fill for output <paramref name="name"/>.</summary>
    /// <param name="name">The output's name.</param>
    /// <returns>The directory.</returns>
    public string Output(string name) =>
        Outputs.TryGetValue(name, out var dir)
            ? dir
            : throw new KeyNotFoundException($"step '{StepName}' has no output '{name}' (it has: {string.Join(", ", Outputs.Keys)})");

    /// <summary>The parameters bound to <typeparamref name="T"/> by name.</summary>
    /// <typeparam name="T">A class with a property per parameter.</typeparam>
    /// <returns>The bound parameters.</returns>
    public T GetParameters<T>()
        where T : class, new()
    {
        var json = JsonSerializer.Serialize(Contract.Parameters);
        return JsonSerializer.Deserialize<T>(json, ParameterOptions) ?? new T();
    }

    /// <summary>One parameter as text, invariant culture.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public string? Parameter(string name) =>
        Contract.Parameters.TryGetValue(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    /// <summary>Records a metric of this step run (written to the metrics file at once).</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="value">Its value.</param>
    public void LogMetric(string name, double value)
    {
        lock (_gate)
        {
            _metrics[name] = value;
            var text = JsonSerializer.Serialize(_metrics, Indented);
            var tmp = Contract.MetricsFile + ".tmp";
            File.WriteAllText(tmp, text);
            File.Move(tmp, Contract.MetricsFile, overwrite: true);
        }

        Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric {name} = {value:G6}"));
    }
}
