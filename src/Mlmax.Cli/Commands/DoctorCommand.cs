using System.ComponentModel;
using Mlmax.Cli.Internal;
using Mlmax.Cli.Internal.Doctor;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands;

/// <summary><c>mlmax doctor</c>: whether this machine is ready to work on the project, check by check, with how to fix what is not.</summary>
internal sealed class DoctorCommand : AsyncCommand<DoctorCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("--aws")]
        [Description("Also check AWS: credentials from the standard chain (environment, profile, SSO, web identity, container, instance role) and a region.")]
        public bool Aws { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await DoctorChecks.RunAsync(settings.Project, settings.Aws, cancellationToken);
        if (settings.Json)
        {
            Json.Write(new
            {
                project = report.Root,
                passed = report.Passed,
                checks = report.Checks.Select(c => new { name = c.Name, status = c.Status, detail = c.Detail }),
                aws = report.Aws is { } aws
                    ? new
                    {
                        credential_source = aws.CredentialSource,
                        credential_detail = aws.CredentialDetail,
                        access_key_id = aws.AccessKeyId,
                        region = aws.Region,
                        region_source = aws.RegionSource,
                    }
                    : null,
            });
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("check", "status", "detail");
            foreach (var c in report.Checks)
            {
                table.AddRow(Markup.Escape(c.Name), Status(c.Status), Markup.Escape(c.Detail));
            }

            AnsiConsole.Write(table);
            var failed = report.Checks.Count(c => c.Status == CheckStatus.Fail);
            var warned = report.Checks.Count(c => c.Status == CheckStatus.Warn);
            AnsiConsole.MarkupLine(failed > 0
                ? $"[red]{failed} check{(failed == 1 ? "" : "s")} failed[/]: fix {(failed == 1 ? "it" : "them")} as the detail says, then run mlmax doctor again"
                : warned > 0 ? $"[green]ready[/], with {warned} warning{(warned == 1 ? "" : "s")}" : "[green]ready[/]");
        }

        return report.Passed ? 0 : 1;
    }

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[green]ok[/]",
        CheckStatus.Warn => "[yellow]warn[/]",
        _ => "[red]fail[/]",
    };
}
