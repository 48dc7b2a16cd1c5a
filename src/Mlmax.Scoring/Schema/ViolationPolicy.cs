namespace Mlmax.Scoring.Schema;

/// <summary>What scoring does with input that violates the training schema.</summary>
public enum ViolationPolicy
{
    /// <summary>Score nothing; name the violations.</summary>
    Refuse,

    /// <summary>Score every row; report the violations beside the predictions.</summary>
    Report,
}
