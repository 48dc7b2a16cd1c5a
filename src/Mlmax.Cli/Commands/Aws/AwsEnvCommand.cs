using System.ComponentModel;
using Mlmax.Aws.SecureEnvironment;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Identity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Commands.Aws;

/// <summary><c>mlmax aws env --out DIR</c>: the project's secure environment as a CloudFormation template.</summary>
internal sealed class AwsEnvCommand : Command<AwsEnvCommand.Settings>
{
    internal sealed class Settings : ProjectCommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Where the template goes (created if missing). Default: infra.")]
        public string Out { get; init; } = "infra";

        [CommandOption("--name <NAME>")]
        [Description("The project's name, which names the key alias and scopes the roles. Default: mlmax.yaml's name.")]
        public string? Name { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var project = settings.Name ?? new ProjectLoader().Load(Path.Combine(ProjectHost.RequireRoot(settings.Project), ProjectHost.ProjectFile)).Name;
        EnvironmentNames names;
        try
        {
            names = new EnvironmentNames(project);
        }
        catch (ArgumentException e)
        {
            throw new UserException($"--name: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        var environment = EnvironmentBuilder.Build(names);
        var path = environment.WriteTo(Path.GetFullPath(settings.Out));
        var shown = Path.GetRelativePath(Environment.CurrentDirectory, path);
        var deploy = $"aws cloudformation deploy --template-file {shown} --stack-name {names.Prefix}-env --capabilities CAPABILITY_IAM";
        if (settings.Json)
        {
            Json.Write(new
            {
                project = names.Project,
                file = path,
                sha256 = Hashing.Sha256File(path),
                parts = environment.Parts,
                parameters = environment.Template.Parameters.Keys,
                outputs = environment.Template.Outputs.Keys,
                deploy,
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("part").AddColumn("what it creates").AddColumn("resources").AddColumn("turned off by");
        foreach (var part in environment.Parts)
        {
            table.AddRow(
                Markup.Escape(part.Name),
                Markup.Escape(part.Description),
                part.Resources.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                part.Toggle is null ? "" : Markup.Escape($"{part.Toggle}=false"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{Markup.Escape(shown)} ({Hashing.Sha256File(path)[..12]}): {environment.Template.Resources.Count} resources; "
            + $"outputs {Markup.Escape(string.Join(", ", environment.Template.Outputs.Keys))}");
        AnsiConsole.MarkupLine($"deploy: [bold]{Markup.Escape(deploy)}[/]");
        return 0;
    }
}
