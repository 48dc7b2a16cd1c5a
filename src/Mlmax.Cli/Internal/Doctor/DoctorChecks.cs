namespace Mlmax.Cli.Internal.Doctor;

/// <summary>
/// Runs the checks of <c>mlmax doctor</c> in order: the runtime, the project's definitions, the tools its steps need,
/// its stores and executor, and (when asked) AWS. A check that throws fails alone; the others still run.
/// </summary>
internal static class DoctorChecks
{
    /// <summary>The longest a check that talks to a server (a store, the fleet's queue) may take.</summary>
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    public static async Task<DoctorReport> RunAsync(string? directory, bool aws, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck> { ToolChecks.Runtime() };
        var root = ProjectHost.FindRoot(directory);
        if (root is null)
        {
            checks.Add(DoctorCheck.Fail("project", ProjectHost.NoProjectMessage(directory)));
        }
        else
        {
            await AddProjectChecksAsync(root, checks, cancellationToken);
        }

        // AWS is checked when asked, and whenever the project has a pipeline deployed with mlmax aws deploy.
        var setup = aws || (root is not null && Mlmax.Aws.Deployment.DeploymentRecord.AnyIn(Path.Combine(root, ".mlmax"))) ? await AddAwsChecksAsync(checks, cancellationToken) : null;
        return new DoctorReport(root, checks, setup);
    }

    private static async Task<AwsSetup?> AddAwsChecksAsync(List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        AwsSetup setup;
        try
        {
            setup = await AwsConfiguration.CheckAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks.Add(DoctorCheck.Fail("aws credentials", e.Message));
            return null;
        }

        checks.Add(setup.CredentialProblem is { } noCredentials
            ? DoctorCheck.Fail("aws credentials", noCredentials)
            : DoctorCheck.Ok("aws credentials", $"{setup.CredentialSource}: {setup.CredentialDetail}"));
        checks.Add(setup.RegionProblem is { } noRegion
            ? DoctorCheck.Fail("aws region", noRegion)
            : DoctorCheck.Ok("aws region", $"{setup.Region} ({setup.RegionSource})"));
        return setup;
    }

    private static async Task AddProjectChecksAsync(string root, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var (project, settings) = ProjectChecks.Settings(root);
        checks.Add(project);
        var (pipelinesCheck, pipelines) = ProjectChecks.Pipelines(root);
        checks.Add(pipelinesCheck);
        if (settings is null)
        {
            return;
        }

        if (ToolChecks.HasDotnetSteps(settings, pipelines))
        {
            checks.Add(await GuardAsync("dotnet sdk", ct => ToolChecks.DotnetSdkAsync(root, settings, ct), null, cancellationToken));
        }

        if (PythonChecks.HasPythonSteps(pipelines))
        {
            try
            {
                checks.AddRange(await PythonChecks.CheckAsync(root, settings, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add(DoctorCheck.Fail("python", e.Message));
            }
        }

        checks.Add(await GuardAsync("metadata store", ct => StoreChecks.MetadataAsync(root, settings, ct), ServerTimeout, cancellationToken));
        checks.Add(await GuardAsync("artifact store", ct => StoreChecks.ArtifactsAsync(root, settings, ct), ServerTimeout, cancellationToken));
        checks.Add(await GuardAsync("executor", _ => Task.FromResult(ExecutorCheck.Check(settings, pipelines, TimeProvider.System.GetUtcNow())), null, cancellationToken));
        checks.Add(await GuardAsync(SchedulerCheck.Name, ct => SchedulerCheck.CheckAsync(root, settings, ct), ServerTimeout, cancellationToken));
    }

    /// <summary>Runs one check, turning an exception or (with <paramref name="timeout"/>) a server that does not answer into its failure.</summary>
    private static async Task<DoctorCheck> GuardAsync(
        string name, Func<CancellationToken, Task<DoctorCheck>> check, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            limit.CancelAfter(t);
        }

        try
        {
            return await check(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(name, $"no answer within {timeout?.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DoctorCheck.Fail(name, e.Message);
        }
    }
}
