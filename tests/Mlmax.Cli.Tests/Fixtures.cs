namespace Mlmax.Cli.Tests;

/// <summary>Small projects of bash command steps used across the CLI tests.</summary>
internal static class Fixtures
{
    /// <summary>a (reads the raw input, writes out) -> b (reads a.out, writes out). b waits for a gate file when asked.</summary>
    public const string Chain = """
        name: chain
        parameters:
          n: { type: integer, default: 1 }
        inputs:
          raw: { type: file, default: data.txt }
        steps:
          a:
            command: [bash, a.sh]
            inputs: { raw: inputs.raw }
            outputs: [out]
            parameters: { n: "${params.n}" }
          b:
            command: [bash, b.sh]
            inputs: { x: a.out }
            outputs: [out]
        """;

    public const string StepA = """
        set -eu
        cat "$MLMAX_INPUT_RAW"/* > "$MLMAX_OUTPUT_OUT/a.txt"
        echo "n=$MLMAX_PARAM_N" >> "$MLMAX_OUTPUT_OUT/a.txt"
        echo "a done"
        """;

    public const string StepB = """
        set -eu
        if [ -n "${GATE:-}" ]; then
          echo $$ > "$GATE.pid"
          touch "$GATE.started"
          while [ ! -f "$GATE" ]; do sleep 0.1; done
        fi
        tr a-z A-Z < "$MLMAX_INPUT_X/a.txt" > "$MLMAX_OUTPUT_OUT/b.txt"
        head -c 100000 /dev/zero > "$MLMAX_OUTPUT_OUT/padding.bin"
        printf '{"size": %d}' "$(wc -c < "$MLMAX_OUTPUT_OUT/b.txt")" > "$MLMAX_METRICS_FILE"
        echo "b done"
        """;

    public static TempProject ChainProject()
    {
        var p = TempProject.WithPipeline("chain", Chain);
        p.Write("a.sh", StepA);
        p.Write("b.sh", StepB);
        p.Write("data.txt", "hello\n");
        return p;
    }
}
