using System.Text;

namespace Mlmax.Testing.Aws;

/// <summary>The outcome of one <c>node</c> process.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
public sealed record NodeRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Exit code and both outputs, for assertion messages.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).AppendLine()
        .AppendLine("--- stdout").AppendLine(Stdout).AppendLine("--- stderr").AppendLine(Stderr).ToString();
}
