using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Lineage;
using Mlmax.Metadata;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax lineage RUN|ARTIFACT</c>: what produced it (upstream) and what it fed (downstream).</summary>
internal sealed class LineageCommand : AsyncCommand<LineageCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandArgument(0, "<RUN_OR_ARTIFACT>")]
        [Description("A run id (or prefix), an artifact id (sha256:..., or a prefix of its hex digits), or RUN/STEP.OUTPUT.")]
        public string Target { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var query = new LineageQuery(host.Metadata);
        var run = settings.Target.StartsWith("sha256:", StringComparison.Ordinal) || settings.Target.Contains('/', StringComparison.Ordinal) ? null : await host.Metadata.GetRunAsync(settings.Target, cancellationToken);
        if (run is not null)
        {
            return await RunLineageAsync(host, query, run, settings.Json, cancellationToken);
        }

        var artifact = await ArtifactResolver.ResolveAsync(host, settings.Target, cancellationToken);
        var upstream = await query.UpstreamAsync(artifact, cancellationToken);
        var downstream = await query.DownstreamAsync(artifact, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new { artifact, upstream, downstream });
            return 0;
        }

        var tree = new Tree($"[bold]artifact {Markup.Escape(artifact)}[/]");
        AddUpstream(tree.AddNode("[bold]upstream[/] (what produced it)"), upstream, new HashSet<string>(StringComparer.Ordinal));
        AddDownstream(tree.AddNode("[bold]downstream[/] (what it fed)"), downstream);
        AnsiConsole.Write(tree);
        return 0;
    }

    private static async Task<int> RunLineageAsync(ProjectHost host, LineageQuery query, RunRecord run, bool json, CancellationToken cancellationToken)
    {
        var steps = await host.Metadata.GetStepRunsAsync(run.Id, cancellationToken);
        var items = new List<object>();
        var tree = new Tree($"[bold]run {run.Id}[/] {Markup.Escape(run.Pipeline)} {Format.Status(RunLiveness.Effective(run))} definition {Markup.Escape(run.DefinitionVersion)}");
        foreach (var step in steps)
        {
            var node = tree.AddNode($"[bold]{Markup.Escape(step.Step)}[/] {Format.Status(step.Status)}{(step.ReusedFrom is null ? "" : $" [grey](reused {Markup.Escape(step.ReusedFrom)})[/]")}");
            var inputs = new SortedDictionary<string, UpstreamArtifact>(StringComparer.Ordinal);
            foreach (var (name, id) in step.Inputs)
            {
                inputs[name] = await query.UpstreamAsync(id, cancellationToken);
                var up = inputs[name];
                node.AddNode($"in  {Markup.Escape(name)} {Format.Short(id)} [grey]{Markup.Escape(Origin(up))}[/]");
            }

            var outputs = new SortedDictionary<string, DownstreamArtifact>(StringComparer.Ordinal);
            foreach (var (name, id) in step.Outputs)
            {
                outputs[name] = await query.DownstreamAsync(id, cancellationToken);
                var consumers = outputs[name].ConsumedBy.Where(c => c.Run != run.Id).Select(c => $"{c.Pipeline} {c.Run}/{c.Step}").ToList();
                node.AddNode($"out {Markup.Escape(name)} {Format.Short(id)}{(consumers.Count > 0 ? $" [grey]fed {Markup.Escape(string.Join(", ", consumers))}[/]" : "")}");
            }

            items.Add(new { step = step.Step, status = step.Status, reused_from = step.ReusedFrom, inputs, outputs });
        }

        if (json)
        {
            Json.Write(new
            {
                run = run.Id,
                pipeline = run.Pipeline,
                status = RunLiveness.Effective(run),
                definition_version = run.DefinitionVersion,
                parameters = Json.Parse(run.ParametersJson),
                inputs = Json.Parse(run.InputsJson),
                environment = Json.Parse(run.EnvironmentJson),
                steps = items,
            });
        }
        else
        {
            AnsiConsole.Write(tree);
        }

        return 0;
    }

    private static string Origin(UpstreamArtifact up) =>
        up.ProducedBy is { } p ? $"from {p.Pipeline} run {p.Run} step {p.Step}.{p.Output}" : up.Source is { } s ? $"from {s}" : "external";

    private static void AddUpstream(IHasTreeNodes parent, UpstreamArtifact artifact, HashSet<string> shown)
    {
        if (artifact.ProducedBy is not { } p)
        {
            parent.AddNode($"{Format.Short(artifact.Artifact)} [grey]{Markup.Escape(artifact.Source is null ? "external data" : "data " + artifact.Source)}[/]");
            return;
        }

        var title = $"{Format.Short(artifact.Artifact)} = [bold]{Markup.Escape(p.Step)}.{Markup.Escape(p.Output)}[/] of {Markup.Escape(p.Pipeline)} run {p.Run}";
        if (!shown.Add($"{p.Run}/{p.Step}"))
        {
            parent.AddNode(title + " [grey](see above)[/]");
            return;
        }

        var node = parent.AddNode(title);
        node.AddNode($"[grey]code[/] {Markup.Escape(p.Code.Count > 0 ? CodeSummary(p.Code) : p.Runner)}");
        if (p.Parameters.Count > 0)
        {
            node.AddNode($"[grey]params[/] {Markup.Escape(string.Join(", ", p.Parameters.Select(x => $"{x.Key}={(x.Value.ValueKind == System.Text.Json.JsonValueKind.String && x.Value.GetString() == "" ? "\"\"" : x.Value.ToString())}")))}");
        }

        if (p.Metrics.Count > 0)
        {
            node.AddNode($"[grey]metrics[/] {Markup.Escape(string.Join(", ", p.Metrics.Select(x => $"{x.Key}={Format.Metric(x.Value)}")))}");
        }

        foreach (var (name, input) in p.Inputs)
        {
            AddUpstream(node.AddNode($"[grey]input[/] {Markup.Escape(name)}"), input, shown);
        }
    }

    /// <summary>A few of the code files by name (the step's own first), then a count; --json lists every file and hash.</summary>
    private static string CodeSummary(IReadOnlyDictionary<string, string> code)
    {
        var named = code.OrderBy(c => c.Key.Count(ch => ch == '/')).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3)
            .Select(c => $"{c.Key} {c.Value[..12]}").ToList();
        return code.Count > named.Count ? $"{string.Join(", ", named)} and {code.Count - named.Count} more" : string.Join(", ", named);
    }

    private static void AddDownstream(IHasTreeNodes parent, DownstreamArtifact artifact)
    {
        if (artifact.ConsumedBy.Count == 0)
        {
            parent.AddNode("[grey]nothing yet[/]");
        }

        foreach (var c in artifact.ConsumedBy)
        {
            var node = parent.AddNode($"{Markup.Escape(c.Pipeline)} run {c.Run} step [bold]{Markup.Escape(c.Step)}[/] (as {Markup.Escape(c.Input)})");
            foreach (var (name, output) in c.Outputs)
            {
                var child = node.AddNode($"{Markup.Escape(name)} {Format.Short(output.Artifact)}");
                if (output.ConsumedBy.Count > 0)
                {
                    AddDownstream(child, output);
                }
            }
        }
    }
}
