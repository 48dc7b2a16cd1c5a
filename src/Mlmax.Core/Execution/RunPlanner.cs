using System.Globalization;
using Mlmax.Definitions;
using Mlmax.Metadata;
using Mlmax.Specs;

namespace Mlmax.Execution;

/// <summary>Binds a run request (parameter overrides, input bindings) to a pipeline and checks it whole, before anything runs.</summary>
public sealed partial class RunPlanner
{
    private readonly ExecutorContext _context;

    /// <summary>Creates the planner.</summary>
    /// <param name="context">The stores.</param>
    public RunPlanner(ExecutorContext context) => _context = context;

    /// <summary>Makes a new run id: UTC time, sortable, plus 4 random hex digits.</summary>
    /// <param name="time">The clock.</param>
    /// <returns>The id, e.g. <c>20261127-203015-9f3a</c>.</returns>
    public static string NewRunId(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));

    /// <summary>Plans a run.</summary>
    /// <param name="pipeline">The validated pipeline.</param>
    /// <param name="parameters">Overrides, as text: name to value.</param>
    /// <param name="inputs">
    /// Bindings: name to a path (relative to <paramref name="workingDirectory"/>) or an <c>s3://BUCKET/KEY</c> URL (read
    /// through <see cref="ExecutorContext.RemoteInputs"/>), or for artifact inputs <c>run:RUN</c> or an artifact id.
    /// </param>
    /// <param name="workingDirectory">Where relative input paths start.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RunRequestException">Every problem with the request.</exception>
    public async Task<RunPlan> PlanAsync(
        PipelineSpec pipeline, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> inputs, string workingDirectory, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var values = BindParameters(pipeline, parameters, problems);
        var models = await ResolveModelsAsync(pipeline, values, problems, cancellationToken);
        foreach (var name in inputs.Keys.Where(n => pipeline.Inputs.All(i => i.Name != n)))
        {
            problems.Add($"unknown input '{name}' (inputs of {pipeline.Name}: {Names(pipeline.Inputs.Select(i => i.Name))})");
        }

        var bound = new Dictionary<string, InputBindingRecord>(StringComparer.Ordinal);
        var chosenRuns = inputs
            .Where(b => b.Value.StartsWith("run:", StringComparison.Ordinal))
            .Select(b => (Spec: pipeline.Inputs.FirstOrDefault(i => i.Name == b.Key), Run: b.Value[4..]))
            .Where(x => x.Spec?.From is not null)
            .GroupBy(x => x.Spec!.From!.Pipeline, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Run, StringComparer.Ordinal);
        foreach (var input in pipeline.Inputs)
        {
            try
            {
                var binding = inputs.GetValueOrDefault(input.Name);
                bound[input.Name] = input.Kind == InputKind.Artifact
                    ? await BindArtifactAsync(input, binding, chosenRuns, cancellationToken)
                    : await BindPathAsync(input, binding, workingDirectory, cancellationToken);
            }
            catch (RunRequestException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new RunRequestException(problems);
        }

        return new RunPlan
        {
            RunId = NewRunId(_context.Time),
            Pipeline = pipeline,
            DefinitionJson = CanonicalForm.ToJson(pipeline),
            DefinitionVersion = CanonicalForm.Version(pipeline),
            Parameters = values,
            Models = models,
            Inputs = bound,
        };
    }

    /// <summary>
    /// Resolves every parameter of type model to one registered version and pins its value to <c>NAME:VERSION</c>, so
    /// the run (and a resume of it) scores with that version even if an alias moves meanwhile.
    /// </summary>
    private async Task<Dictionary<string, Registry.ModelVersionRecord>> ResolveModelsAsync(
        PipelineSpec pipeline, Dictionary<string, object> values, List<string> problems, CancellationToken cancellationToken)
    {
        var models = new Dictionary<string, Registry.ModelVersionRecord>(StringComparer.Ordinal);
        foreach (var p in pipeline.Parameters.Where(p => p.Type == ParameterType.Model && values.ContainsKey(p.Name)))
        {
            var text = (string)values[p.Name];
            Registry.ModelReference reference;
            try
            {
                reference = Registry.ModelReference.Parse(text);
            }
            catch (FormatException e)
            {
                problems.Add($"parameter '{p.Name}': {e.Message}");
                continue;
            }

            var version = _context.Registry is { } registry ? await registry.ResolveAsync(reference, cancellationToken) : null;
            if (version is null)
            {
                problems.Add($"parameter '{p.Name}': no registered version matches {reference}" +
                    (reference.Alias is { } alias ? $" (promote one: mlmax models promote {reference.Name}:N --to {alias})" : " (see: mlmax models list)"));
                continue;
            }

            values[p.Name] = $"{version.Name}:{version.Version}";
            models[p.Name] = version;
        }

        return models;
    }

    /// <summary>Plans the continuation of an earlier run: its own definition, parameters and inputs; its finished steps kept.</summary>
    /// <param name="run">The run to continue.</param>
    /// <param name="steps">Its step runs.</param>
    /// <returns>The plan, with the run's id.</returns>
    public static RunPlan PlanResume(RunRecord run, IReadOnlyList<StepRunRecord> steps)
    {
        var pipeline = CanonicalForm.FromJson(run.DefinitionJson);
        using var parameters = System.Text.Json.JsonDocument.Parse(run.ParametersJson);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in pipeline.Parameters)
        {
            var e = parameters.RootElement.GetProperty(p.Name);
            values[p.Name] = p.Type switch
            {
                ParameterType.Integer => e.GetInt64(),
                ParameterType.Number => e.GetDouble(),
                ParameterType.Boolean => e.GetBoolean(),
                _ => e.GetString()!,
            };
        }

        return new RunPlan
        {
            RunId = run.Id,
            Pipeline = pipeline,
            DefinitionJson = run.DefinitionJson,
            DefinitionVersion = run.DefinitionVersion,
            Parameters = values,
            Inputs = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, InputBindingRecord>>(run.InputsJson)!,
            Earlier = steps.ToDictionary(s => s.Step, StringComparer.Ordinal),
            IsResume = true,
        };
    }

    /// <summary>Binds parameter overrides (text) to a pipeline's typed parameters, adding every problem to <paramref name="problems"/>.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="overrides">Name to text.</param>
    /// <param name="problems">Receives problems.</param>
    /// <returns>Every parameter's value.</returns>
    public static Dictionary<string, object> BindParameters(PipelineSpec pipeline, IReadOnlyDictionary<string, string> overrides, List<string> problems)
    {
        foreach (var name in overrides.Keys.Where(n => pipeline.Parameters.All(p => p.Name != n)))
        {
            problems.Add($"unknown parameter '{name}' (parameters of {pipeline.Name}: {Names(pipeline.Parameters.Select(p => p.Name))})");
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in pipeline.Parameters)
        {
            if (overrides.TryGetValue(p.Name, out var text))
            {
                if (TryParse(p.Type, text, out var value))
                {
                    values[p.Name] = value;
                }
                else
                {
                    problems.Add($"parameter '{p.Name}' expects {Describe(p.Type)}, got '{text}'");
                }
            }
            else if (p.Default is { } d)
            {
                values[p.Name] = d;
            }
            else
            {
                problems.Add($"parameter '{p.Name}' has no default: pass --param {p.Name}=VALUE ({Describe(p.Type)})");
            }
        }

        return values;
    }

    private async Task<InputBindingRecord> BindPathAsync(InputSpec input, string? binding, string workingDirectory, CancellationToken cancellationToken)
    {
        if ((binding ?? input.Default) is { } url && IsRemote(url))
        {
            return await BindRemoteAsync(input, url, cancellationToken);
        }

        var path = binding is not null ? Path.GetFullPath(binding, workingDirectory)
            : input.Default is not null ? Path.GetFullPath(input.Default, _context.ProjectRoot)
            : throw new RunRequestException($"input '{input.Name}' is not bound: pass --input {input.Name}=PATH ({input.Kind.ToString().ToLowerInvariant()})");
        if (input.Kind == InputKind.File && !File.Exists(path))
        {
            throw new RunRequestException(Directory.Exists(path)
                ? $"input '{input.Name}' expects a file, but {path} is a directory"
                : $"input '{input.Name}': file {path} does not exist");
        }

        if (input.Kind == InputKind.Directory && !Directory.Exists(path))
        {
            throw new RunRequestException($"input '{input.Name}': directory {path} does not exist");
        }

        var (id, _) = input.Kind == InputKind.File
            ? await _context.Artifacts.IngestFileAsync(path, null, cancellationToken)
            : await _context.Artifacts.IngestDirectoryAsync(path, rememberHashes: true, cancellationToken);
        return new InputBindingRecord(id, Path.GetRelativePath(_context.ProjectRoot, path).Replace(Path.DirectorySeparatorChar, '/'));
    }

    /// <summary>Binds one artifact input as a run would: an artifact id, <c>run:RUN</c>, or (no binding) the latest successful run of the pipeline it comes from.</summary>
    /// <param name="input">The input (of kind artifact).</param>
    /// <param name="binding">The binding, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The artifact and where it came from.</returns>
    /// <exception cref="RunRequestException">Nothing matches the binding.</exception>
    public Task<InputBindingRecord> BindArtifactInputAsync(InputSpec input, string? binding, CancellationToken cancellationToken) =>
        BindArtifactAsync(
            input,
            binding,
            binding is not null && binding.StartsWith("run:", StringComparison.Ordinal) ? new Dictionary<string, string> { [input.From!.Pipeline] = binding[4..] } : new Dictionary<string, string>(),
            cancellationToken);

    private async Task<InputBindingRecord> BindArtifactAsync(
        InputSpec input, string? binding, IReadOnlyDictionary<string, string> chosenRuns, CancellationToken cancellationToken)
    {
        var from = input.From!;
        if (binding is not null && !binding.StartsWith("run:", StringComparison.Ordinal))
        {
            var matches = await _context.Metadata.FindArtifactsAsync(binding, cancellationToken);
            return matches.Count == 1
                ? new InputBindingRecord(matches[0].Id, $"artifact {matches[0].Id}")
                : throw new RunRequestException(matches.Count == 0
                    ? $"input '{input.Name}': no artifact '{binding}' (give run:RUN_ID or an artifact id)"
                    : $"input '{input.Name}': artifact prefix '{binding}' is ambiguous");
        }

        RunRecord? run;
        if (chosenRuns.TryGetValue(from.Pipeline, out var chosen))
        {
            run = await _context.Metadata.GetRunAsync(chosen, cancellationToken)
                ?? throw new RunRequestException($"input '{input.Name}': no run '{chosen}' (see: mlmax runs --pipeline {from.Pipeline})");
        }
        else
        {
            run = await _context.Metadata.FindLatestSucceededRunAsync(from.Pipeline, cancellationToken)
                ?? throw new RunRequestException(
                    $"input '{input.Name}' comes from {from} but pipeline '{from.Pipeline}' has no successful run yet: run 'mlmax run {from.Pipeline}' first");
        }

        var step = (await _context.Metadata.GetStepRunsAsync(run.Id, cancellationToken)).FirstOrDefault(s => s.Step == from.Step);
        if (step is null || !step.Outputs.TryGetValue(from.Output, out var id))
        {
            throw new RunRequestException($"input '{input.Name}': run {run.Id} has no output {from} (status {run.Status})");
        }

        return new InputBindingRecord(id, $"run {run.Id} {from}");
    }

    private static bool TryParse(ParameterType type, string text, out object value)
    {
        var ok = false;
        value = text;
        switch (type)
        {
            case ParameterType.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                value = l;
                ok = true;
                break;
            case ParameterType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                value = d;
                ok = true;
                break;
            case ParameterType.Boolean when bool.TryParse(text, out var b):
                value = b;
                ok = true;
                break;
            case ParameterType.String or ParameterType.Model:
                ok = true;
                break;
        }

        return ok;
    }

    private static string Describe(ParameterType type) => type switch
    {
        ParameterType.Integer => "an integer",
        ParameterType.Number => "a number",
        ParameterType.Boolean => "true or false",
        ParameterType.Model => "a model reference",
        _ => "a string",
    };

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
