namespace Census.Steps;

/// <summary>The parameters of <see cref="Evaluate"/>: none; the predicted label is the model's (score above 0).</summary>
public sealed class EvaluateParameters
{
}
