namespace Mlmax.Specs;

/// <summary>How a step's code is run. Every runner goes through the same step contract.</summary>
public abstract record StepRunner
{
    private protected StepRunner()
    {
    }
}

/// <summary>A C# class implementing <see cref="Steps.IStep"/> in the project's step assembly.</summary>
/// <param name="TypeName">The full name of the class.</param>
public sealed record DotnetRunner(string TypeName) : StepRunner;

/// <summary>A Python script run with the project's configured interpreter.</summary>
/// <param name="Script">The script, relative to the project root.</param>
/// <param name="Arguments">Extra arguments placed before the parameters.</param>
public sealed record PythonRunner(string Script, IReadOnlyList<string> Arguments) : StepRunner;

/// <summary>Any executable.</summary>
/// <param name="Command">The program and its arguments.</param>
public sealed record CommandRunner(IReadOnlyList<string> Command) : StepRunner;
