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

/// <summary>
/// mlmax's batch scorer with a registered model version's bundle: the code path of <c>mlmax predict</c>, so a
/// pipeline scores exactly as the command (and the server) does. Input <c>data</c> (CSV or Parquet files), output
/// <c>predictions</c>; parameters <c>id_column</c>, <c>on_violation</c> (<c>refuse</c> or <c>report</c>) and
/// <c>format</c> (<c>csv</c> or <c>parquet</c>).
/// </summary>
/// <param name="ModelParameter">The pipeline parameter of type <see cref="ParameterType.Model"/> naming the version (<c>predict: ${params.model}</c>).</param>
public sealed record PredictRunner(string ModelParameter) : StepRunner
{
    /// <summary>The input the rows come from.</summary>
    public const string DataInput = "data";

    /// <summary>The output the predictions go to.</summary>
    public const string PredictionsOutput = "predictions";

    /// <summary>The parameters a predict step takes, besides <c>model</c> (set from <see cref="ModelParameter"/>).</summary>
    public static IReadOnlyList<string> Parameters { get; } = ["id_column", "on_violation", "format"];
}

/// <summary>Any executable.</summary>
/// <param name="Command">The program and its arguments.</param>
public sealed record CommandRunner(IReadOnlyList<string> Command) : StepRunner;
