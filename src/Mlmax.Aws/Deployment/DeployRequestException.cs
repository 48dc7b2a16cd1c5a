using Mlmax.Aws.Api;

namespace Mlmax.Aws.Deployment;

/// <summary>A deployment was asked for with missing or unknown values; nothing was sent to AWS.</summary>
public sealed class DeployRequestException : AwsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem, each saying how to fix it.</param>
    public DeployRequestException(IReadOnlyList<string> problems)
        : base("cannot deploy:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
