namespace Mlmax.Testing.Aws;

/// <summary>tools/aws-local: the state machine runner the tests run compiled definitions with (aws-local-stepfunctions).</summary>
public static class AwsLocal
{
    /// <summary>The runner, <c>tools/aws-local/run.mjs</c> in the repository above the test binaries.</summary>
    /// <exception cref="InvalidOperationException">No such file above <see cref="AppContext.BaseDirectory"/>.</exception>
    public static string RunScript
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                var script = Path.Combine(d.FullName, "tools", "aws-local", "run.mjs");
                if (File.Exists(script))
                {
                    return script;
                }
            }

            throw new InvalidOperationException("tools/aws-local/run.mjs not found above the test binaries");
        }
    }
}
