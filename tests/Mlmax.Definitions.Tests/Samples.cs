using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

/// <summary>One full pipeline, written in YAML and with the builder.</summary>
internal static class Samples
{
    public const string FullYaml = """
        # yaml-language-server: $schema=../.mlmax/schema/pipeline.schema.json
        name: training
        description: Preprocess, train and evaluate the census income model.

        parameters:
          split_ratio: { type: number, default: 0.2, description: Share of rows held out for testing }
          seed: { type: integer, default: 42 }
          label: { type: string, default: income }
          balanced: { type: boolean, default: false }
          epochs: { type: number, default: 3 }

        inputs:
          raw: { type: file, default: data/census-income-sample.csv }
          baseline:
            type: artifact
            from: training/train.model

        steps:
          preprocess:
            python: src/preprocess.py
            args: [--mode, train]
            inputs:
              raw: inputs.raw
            outputs: [train, test, transform]
            parameters:
              split_ratio: ${params.split_ratio}
              min_count: 5
            retries: { max_attempts: 3, backoff: 2s }
            timeout: 10m
            code: [src/preprocess.py, src/schema.py]
            description: Clean, split, fit the feature transform on the training split.
          train:
            dotnet: Census.Steps.Train
            inputs:
              train: preprocess.train
            outputs:
              model: The fitted model
            parameters:
              seed: ${params.seed}
              label: ${params.label}
              epochs: ${params.epochs}
              learning_rate: 0.1
            retries: 2
            timeout: 2h
            in_process: true
          evaluate:
            command: [python3, src/evaluate.py]
            inputs:
              model: train.model
              test: preprocess.test
              baseline: inputs.baseline
            outputs: [report]
            parameters:
              balanced: ${params.balanced}
              threshold: "0.5"
            cache: false
            timeout: 500ms
        """;

    public static PipelineBuilder FullBuilder() =>
        new PipelineBuilder("training")
            .Description("Preprocess, train and evaluate the census income model.")
            .Parameter("split_ratio", ParameterType.Number, 0.2, "Share of rows held out for testing")
            .Parameter("seed", ParameterType.Integer, 42)
            .Parameter("label", ParameterType.String, "income")
            .Parameter("balanced", ParameterType.Boolean, false)
            .Parameter("epochs", ParameterType.Number, 3)
            .Input("raw", InputKind.File, "data/census-income-sample.csv")
            .ArtifactInput("baseline", new ArtifactSource("training", "train", "model"))
            .Step("preprocess", new PythonRunner("src/preprocess.py", ["--mode", "train"]), s => s
                .Input("raw", "inputs.raw")
                .Outputs("train", "test", "transform")
                .Parameter("split_ratio", "${params.split_ratio}")
                .Parameter("min_count", 5)
                .Retry(3, TimeSpan.FromSeconds(2))
                .Timeout(TimeSpan.FromMinutes(10))
                .Code("src/preprocess.py", "src/schema.py")
                .Description("Clean, split, fit the feature transform on the training split."))
            .Step("train", new DotnetRunner("Census.Steps.Train"), s => s
                .Input("train", "preprocess.train")
                .Output("model", "The fitted model")
                .Parameter("seed", "${params.seed}")
                .Parameter("label", "${params.label}")
                .ParameterFrom("epochs", "epochs")
                .Parameter("learning_rate", 0.1)
                .Retries(2)
                .Timeout(TimeSpan.FromHours(2))
                .InProcess(true))
            .Step("evaluate", new CommandRunner(["python3", "src/evaluate.py"]), s => s
                .Input("model", "train.model")
                .Input("test", "preprocess.test")
                .Input("baseline", new PipelineInputReference("baseline"))
                .Outputs("report")
                .Parameter("balanced", "${params.balanced}")
                .Parameter("threshold", "0.5")
                .Cache(false)
                .Timeout(TimeSpan.FromMilliseconds(500)));

    /// <summary>A model section for <see cref="FullYaml"/>, appended after its steps.</summary>
    public const string ModelYaml = """

        model:
          name: census
          metrics: evaluate
          bundle:
            transform: preprocess.transform
            model: train.model
            baseline: preprocess.train
          gates:
            - { metric: auc, min: 0.7 }
            - { metric: auc, max_drop: 0.01, alias: production }
            - metric: log_loss
              max_rise: 0.05
              max: 1
        """;

    /// <summary><see cref="FullYaml"/> with <see cref="ModelYaml"/>.</summary>
    public const string FullYamlWithModel = FullYaml + ModelYaml;

    /// <summary><see cref="FullBuilder"/> with the model of <see cref="ModelYaml"/>.</summary>
    public static PipelineBuilder FullBuilderWithModel() =>
        FullBuilder().Model("census", m => m
            .Metrics("evaluate")
            .Bundle("model", "train.model")
            .Bundle("transform", new StepOutputReference("preprocess", "transform"))
            .Bundle("baseline", "preprocess.train")
            .Gate("auc", min: 0.7)
            .Gate("auc", maxDrop: 0.01, alias: "production")
            .Gate(new PromotionGate("log_loss") { MaxRise = 0.05, Max = 1.0 }));

    /// <summary>Parses YAML that must be invalid and returns its errors.</summary>
    public static IReadOnlyList<DefinitionError> Errors(string yaml) =>
        Assert.Throws<DefinitionException>(() => new PipelineLoader().Parse(yaml, "p.yaml")).Errors;

    /// <summary>Parses YAML that must have exactly one error and returns it.</summary>
    public static DefinitionError SingleError(string yaml) => Assert.Single(Errors(yaml));
}
