namespace Mlmax.Cli.Internal.Doctor;

/// <summary>How a check of <c>mlmax doctor</c> came out: a warning does not fail the command, a failure does.</summary>
internal enum CheckStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One check of <c>mlmax doctor</c>: what was checked, how it came out, and what was found or how to fix it.</summary>
/// <param name="Name">What was checked, e.g. <c>metadata store</c>.</param>
/// <param name="Status">How it came out.</param>
/// <param name="Detail">What was found (versions, locations) or, when not ok, how to fix it; never a secret.</param>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Detail)
{
    public static DoctorCheck Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);

    public static DoctorCheck Warn(string name, string detail) => new(name, CheckStatus.Warn, detail);

    public static DoctorCheck Fail(string name, string detail) => new(name, CheckStatus.Fail, detail);
}

/// <summary>Every check of one <c>mlmax doctor</c>, in the order they ran.</summary>
/// <param name="Root">The project's root, or <see langword="null"/> when none was found.</param>
/// <param name="Checks">The checks.</param>
/// <param name="Aws">The AWS settings found, when asked for with <c>--aws</c>.</param>
internal sealed record DoctorReport(string? Root, IReadOnlyList<DoctorCheck> Checks, AwsSetup? Aws)
{
    /// <summary>Whether no check failed (warnings allowed).</summary>
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail);
}
