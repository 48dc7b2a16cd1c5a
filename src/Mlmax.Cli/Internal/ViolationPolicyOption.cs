using Mlmax.Scoring.Schema;

namespace Mlmax.Cli.Internal;

/// <summary>The <c>--on-violation refuse|report</c> option shared by <c>predict</c> and <c>serve</c>.</summary>
internal static class ViolationPolicyOption
{
    public static ViolationPolicy? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "refuse" => ViolationPolicy.Refuse,
        "report" => ViolationPolicy.Report,
        _ => null,
    };

    public static string Error(string text) => $"--on-violation: '{text}' is not a policy; use refuse or report";
}
