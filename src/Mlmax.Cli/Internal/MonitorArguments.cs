using System.Reflection;
using Mlmax.Cli.Commands;
using Spectre.Console.Cli;

namespace Mlmax.Cli.Internal;

/// <summary>
/// Puts the model (or subcommand) of <c>mlmax monitor</c> first: <c>monitor</c> is a branch whose default command takes
/// the model, and the command-line parser reads a word after the branch's options as a subcommand, so
/// <c>monitor --json census</c> is read as <c>monitor census --json</c>, as every other command reads it.
/// </summary>
internal static class MonitorArguments
{
    private static readonly Type[] Settings =
        [typeof(MonitorSettings), typeof(MonitorCommand.Settings), typeof(MonitorHistoryCommand.Settings), typeof(Commands.Monitor.MonitorLabelsCommand.Settings)];

    /// <summary>The options of the monitor commands that take a value (<c>--since 7d</c>), by every name they have.</summary>
    private static readonly HashSet<string> ValueOptions = Settings
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
        .OfType<CommandOptionAttribute>()
        .Where(o => o.ValueName is not null)
        .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The arguments with the first word after <c>monitor</c>'s options moved right after <c>monitor</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The same arguments, reordered when needed.</returns>
    public static string[] Normalize(string[] args)
    {
        if (args.Length < 3 || args[0] != "monitor" || !args[1].StartsWith('-'))
        {
            return args;
        }

        for (var i = 1; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                return args;
            }

            if (token.StartsWith('-'))
            {
                if (ValueOptions.Contains(token) && !token.Contains('='))
                {
                    i++;
                }

                continue;
            }

            return [args[0], token, .. args[1..i], .. args[(i + 1)..]];
        }

        return args;
    }
}
