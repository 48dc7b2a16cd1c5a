using Spectre.Console;

namespace Mlmax.Cli.Internal;

/// <summary>The consoles of the CLI.</summary>
internal static class ConsoleOutput
{
    /// <summary>A console on standard error, for progress when standard output carries JSON.</summary>
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
