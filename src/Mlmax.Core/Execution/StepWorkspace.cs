using System.Globalization;
using System.Text.Json;
using Mlmax.Steps;

namespace Mlmax.Execution;

/// <summary>
/// A step's working directory laid out per the step contract (docs/step-contract.md): inputs, empty outputs,
/// parameters in three forms, the contract file, and the environment variables a step process gets.
/// </summary>
public sealed class StepWorkspace
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private StepWorkspace(string directory, StepContract contract, IReadOnlyDictionary<string, string> environment)
    {
        Directory = directory;
        Contract = contract;
        Environment = environment;
    }

    /// <summary>The working directory.</summary>
    public string Directory { get; }

    /// <summary>The contract written to <see cref="StepContract.FileName"/>.</summary>
    public StepContract Contract { get; }

    /// <summary>The environment variables of the step process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The path of input <paramref name="name"/>'s directory in a workspace rooted at <paramref name="directory"/>.</summary>
    /// <param name="directory">The workspace root.</param>
    /// <param name="name">The input's name.</param>
    /// <returns>The path.</returns>
    public static string InputPath(string directory, string name) => Path.Combine(directory, "input", "data", name);

    /// <summary>Lays out a workspace. Input directories must be filled by the caller before or after; outputs are created empty.</summary>
    /// <param name="directory">The working directory (created; must not hold an earlier attempt's files).</param>
    /// <param name="step">The step's name.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="projectRoot">The project's root.</param>
    /// <param name="inputs">Input names.</param>
    /// <param name="outputs">Output names.</param>
    /// <param name="parameters">Parameter values (string, long, double or bool).</param>
    /// <returns>The workspace.</returns>
    public static StepWorkspace Create(
        string directory,
        string step,
        string runId,
        string projectRoot,
        IEnumerable<string> inputs,
        IEnumerable<string> outputs,
        IReadOnlyDictionary<string, object> parameters)
    {
        var w = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(w);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var inputMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in inputs)
        {
            var dir = InputPath(w, name);
            System.IO.Directory.CreateDirectory(dir);
            inputMap[name] = dir;
            env[$"SM_CHANNEL_{EnvName(name)}"] = dir;
            env[$"MLMAX_INPUT_{EnvName(name)}"] = dir;
            Link(Path.Combine(w, "processing", "input", name), dir);
        }

        var outputMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in outputs)
        {
            var dir = name == "model" ? Path.Combine(w, "model") : Path.Combine(w, "output", name);
            System.IO.Directory.CreateDirectory(dir);
            outputMap[name] = dir;
            env[$"MLMAX_OUTPUT_{EnvName(name)}"] = dir;
            Link(Path.Combine(w, "processing", "output", name), dir);
        }

        System.IO.Directory.CreateDirectory(Path.Combine(w, "model"));
        System.IO.Directory.CreateDirectory(Path.Combine(w, "output", "data"));
        System.IO.Directory.CreateDirectory(Path.Combine(w, "input", "config"));

        var typed = parameters.ToDictionary(
            p => p.Key,
            p => p.Value is double d ? JsonDocument.Parse(FormatDouble(d)).RootElement.Clone() : JsonSerializer.SerializeToElement(p.Value),
            StringComparer.Ordinal);
        var typedJson = JsonSerializer.Serialize(new SortedDictionary<string, JsonElement>(typed, StringComparer.Ordinal), Indented);
        File.WriteAllText(Path.Combine(w, "parameters.json"), typedJson);
        var strings = new SortedDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => FormatValue(p.Value)), StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(w, "input", "config", "hyperparameters.json"), JsonSerializer.Serialize(strings, Indented));
        foreach (var (name, value) in strings)
        {
            env[$"SM_HP_{EnvName(name)}"] = value;
            env[$"MLMAX_PARAM_{EnvName(name)}"] = value;
        }

        var metrics = Path.Combine(w, "metrics.json");
        var contract = new StepContract
        {
            Step = step,
            RunId = runId,
            WorkingDirectory = w,
            Inputs = inputMap,
            Outputs = outputMap,
            Parameters = typed,
            MetricsFile = metrics,
        };
        var contractPath = Path.Combine(w, StepContract.FileName);
        contract.Save(contractPath);

        env["SM_HPS"] = JsonSerializer.Serialize(typed);
        env["SM_CHANNELS"] = JsonSerializer.Serialize(inputMap.Keys);
        env["SM_MODEL_DIR"] = Path.Combine(w, "model");
        env["SM_OUTPUT_DATA_DIR"] = Path.Combine(w, "output", "data");
        env["SM_INPUT_DIR"] = Path.Combine(w, "input");
        env["SM_OUTPUT_DIR"] = Path.Combine(w, "output");
        env["MLMAX_CONTRACT"] = contractPath;
        env["MLMAX_METRICS_FILE"] = metrics;
        env["MLMAX_WORK_DIR"] = w;
        env["MLMAX_STEP"] = step;
        env["MLMAX_RUN_ID"] = runId;
        env["MLMAX_PROJECT_DIR"] = Path.GetFullPath(projectRoot);
        return new StepWorkspace(w, contract, env);
    }

    /// <summary>The parameters as trailing arguments: <c>--name value</c> in name order.</summary>
    /// <returns>The arguments.</returns>
    public IEnumerable<string> ParameterArguments()
    {
        foreach (var (name, value) in Contract.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return "--" + name;
            yield return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }
    }

    /// <summary>Reads the metrics the step wrote, if any.</summary>
    /// <returns>Metric name to value.</returns>
    /// <exception cref="InvalidDataException">The metrics file is not a flat JSON object of numbers.</exception>
    public IReadOnlyDictionary<string, double> ReadMetrics()
    {
        if (!File.Exists(Contract.MetricsFile))
        {
            return new Dictionary<string, double>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Contract.MetricsFile)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Contract.MetricsFile}: metrics must be a flat JSON object of numbers ({e.Message})", e);
        }
    }

    /// <summary>The environment variable form of a name: upper case, <c>-</c> and <c>.</c> as <c>_</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The variable name part.</returns>
    public static string EnvName(string name) => name.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>Formats a parameter value as text, invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatValue(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A number parameter keeps a decimal point (<c>1.0</c>, not <c>1</c>), so scripts can tell it from an integer.</summary>
    private static string FormatDouble(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(d) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal) ? text + ".0" : text;
    }

    private static void Link(string link, string target)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (!System.IO.Directory.Exists(link))
        {
            System.IO.Directory.CreateSymbolicLink(link, target);
        }
    }
}
