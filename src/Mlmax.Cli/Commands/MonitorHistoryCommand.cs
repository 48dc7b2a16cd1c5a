using System.ComponentModel;
using System.Text.Json;
using Mlmax.Cli.Internal;
using Mlmax.Cli.Internal.Monitoring;
using Mlmax.Registry;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax monitor history MODEL [--since WHEN]</c>: a model's recorded monitoring checks, oldest first.</summary>
internal sealed class MonitorHistoryCommand : AsyncCommand<MonitorHistoryCommand.Settings>
{
    internal sealed class Settings : MonitorSettings
    {
        [CommandOption("--json")]
        [Description("Print machine-readable JSON instead of tables.")]
        public bool Json { get; init; }

        [CommandArgument(0, "<NAME>")]
        [Description("The model's NAME (every version's checks), or NAME:VERSION / NAME@ALIAS for one version's.")]
        public string Name { get; init; } = "";

        [CommandOption("--since <WHEN>")]
        [Description("Only checks made since WHEN (24h, 7d, 2026-03-01, 2026-03-01T12:00Z).")]
        public string? Since { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var host = await ProjectHost.OpenAsync(settings.Project, cancellationToken);
        var since = settings.Since is null ? (DateTimeOffset?)null : SinceOption.Parse(settings.Since, TimeProvider.System);
        int? version = null;
        var name = settings.Name;
        if (settings.Name.Contains(':', StringComparison.Ordinal) || settings.Name.Contains('@', StringComparison.Ordinal))
        {
            var resolved = await ModelResolver.ResolveAsync(host, settings.Name, cancellationToken);
            (name, version) = (resolved.Name, resolved.Version);
        }
        else if ((await host.Registry.ListAsync(name, cancellationToken)).Count == 0)
        {
            throw new UserException($"no model '{name}' in the registry (see: mlmax models list)");
        }

        var checks = (await host.Metadata.ListMonitorChecksAsync(name, since, cancellationToken)).Where(c => version is null || c.Version == version).ToList();
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { model = name, version, since, checks }, Json.Options));
            return 0;
        }

        MonitorOutput.WriteHistory(version is null ? name : new ModelReference(name, version, null).ToString(), checks, since);
        return 0;
    }
}
