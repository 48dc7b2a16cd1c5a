using Mlmax.Specs;

namespace Mlmax.Definitions.Tests;

/// <summary>predict steps: mlmax's batch scorer wired by the definition, with a parameter of type model.</summary>
public sealed class PredictStepTests
{
    private const string Valid = """
        name: inference
        parameters:
          model: { type: model, default: census@production }
          id_column: { type: string, default: "" }
        inputs:
          data: { type: file, default: data.csv }
        steps:
          score:
            predict: ${params.model}
            inputs: { data: inputs.data }
            outputs: { predictions: The predictions }
            parameters: { id_column: "${params.id_column}", on_violation: report }
        """;

    [Fact]
    public void Parse_PredictStep_ReadsRunnerAndModelParameter()
    {
        var spec = new PipelineLoader().Parse(Valid, "p.yaml");

        Assert.Equal(new PredictRunner("model"), spec.Steps[0].Runner);
        Assert.Equal(ParameterType.Model, spec.Parameters.Single(p => p.Name == "model").Type);
        Assert.Equal("census@production", spec.Parameters.Single(p => p.Name == "model").Default);
    }

    [Fact]
    public void CanonicalForm_PredictStep_RoundTripsWithTheSameVersion()
    {
        var spec = new PipelineLoader().Parse(Valid, "p.yaml");

        var again = CanonicalForm.FromJson(CanonicalForm.ToJson(spec));

        Assert.Equal(CanonicalForm.Version(spec), CanonicalForm.Version(again));
        Assert.Equal(new PredictRunner("model"), again.Steps[0].Runner);
    }

    [Theory]
    [InlineData("predict: census@production", "steps.score.predict", "expected ${params.NAME} naming a parameter of type model")]
    [InlineData("predict: ${params.other}", "steps.score.predict", "unknown parameter 'other'")]
    [InlineData("predict: ${params.id_column}", "steps.score.predict", "parameter 'id_column' is of type string; predict needs one of type model")]
    public void Parse_BadModelBinding_NamesTheProblem(string line, string key, string message)
    {
        var error = Samples.SingleError(Valid.Replace("predict: ${params.model}", line, StringComparison.Ordinal));

        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inputs: { data: inputs.data }", "inputs: { rows: inputs.data }", "steps.score.inputs", "a predict step takes one input, data")]
    [InlineData("outputs: { predictions: The predictions }", "outputs: [scores]", "steps.score.outputs", "a predict step writes one output, predictions; got scores")]
    [InlineData("on_violation: report", "on_violation: ignore", "steps.score.parameters.on_violation", "'ignore' is not a choice: expected refuse or report")]
    [InlineData("on_violation: report", "threshold: 0.3", "steps.score.parameters.threshold", "a predict step takes the parameters id_column, on_violation, format")]
    public void Parse_BadWiring_NamesTheKey(string from, string to, string key, string message)
    {
        var error = Samples.SingleError(Valid.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PredictWithArgs_Refused()
    {
        var error = Samples.SingleError(Valid.Replace("predict: ${params.model}", "predict: ${params.model}\n    args: [--x]", StringComparison.Ordinal));

        Assert.Contains("args are only for python and command steps; a predict step receives its parameters instead", error.Message, StringComparison.Ordinal);
    }
}
