namespace Mlmax.Cli.Tests;

/// <summary>The interpreter of Python steps is the project's choice, and a missing module says which one was used.</summary>
public sealed class PythonInterpreterTests
{
    [Fact]
    public async Task Run_PythonModuleMissing_NamesInterpreterAndFix()
    {
        using var p = new TempProject();
        p.Write("mlmax.yaml", "name: py\npython: { interpreter: /usr/bin/python3 }\n");
        p.Write("pipelines/p.yaml", """
            name: p
            steps:
              a:
                python: src/a.py
                outputs: [o]
            """);
        p.Write("src/a.py", "import surely_not_installed_module\n");
        var r = await p.RunAsync("run", "p");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("No module named 'surely_not_installed_module'", r.All, StringComparison.Ordinal);
        Assert.Contains("interpreter /usr/bin/python3", r.All, StringComparison.Ordinal);
        Assert.Contains("python.interpreter in mlmax.yaml", r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PythonStep_GetsSageMakerEnvironmentAndRecordsInterpreter()
    {
        using var p = new TempProject();
        p.Write("mlmax.yaml", "name: py\npython: { interpreter: /usr/bin/python3 }\n");
        p.Write("data.txt", "x\n");
        p.Write("pipelines/p.yaml", """
            name: p
            parameters:
              c: { type: number, default: 1.0 }
            inputs:
              raw: { type: file, default: data.txt }
            steps:
              a:
                python: src/a.py
                args: [--mode, train]
                inputs: { train: inputs.raw }
                outputs: [model]
                parameters: { c: "${params.c}" }
            """);
        p.Write("src/a.py", """
            import json, os, sys
            assert sys.argv[1:] == ["--mode", "train", "--c", "1.0"], sys.argv
            assert os.listdir(os.environ["SM_CHANNEL_TRAIN"]) == ["data.txt"]
            assert json.load(open(os.path.join(os.environ["SM_INPUT_DIR"], "config", "hyperparameters.json"))) == {"c": "1.0"}
            with open(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w") as f:
                f.write(sys.executable)
            """);
        var r = await p.RunAsync("run", "p", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lineage = (await p.RunAsync("lineage", $"{r.Json.GetProperty("run").GetString()}/a.model", "--json")).Json;
        var env = lineage.GetProperty("upstream").GetProperty("produced_by").GetProperty("environment");
        Assert.StartsWith("/usr/bin/python3 Python 3.", env.GetProperty("python").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9]+ distributions, sha256 [0-9a-f]{16}$", env.GetProperty("python_packages").GetString());
    }
}
