using System.Runtime.InteropServices;
using Mlmax.Artifacts;
using Mlmax.Cli.Commands;
using Mlmax.Cli.Internal;
using Mlmax.Definitions;
using Mlmax.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("cancelling: stopping running steps (press Ctrl-C again to force)...");
    if (cancel.IsCancellationRequested)
    {
        Environment.Exit(130);
    }

    cancel.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    cancel.Cancel();
});

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 1000;
}

if (Console.IsErrorRedirected)
{
    ConsoleOutput.Error.Profile.Width = 1000;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("mlmax");
    config.SetApplicationVersion(Mlmax.Identity.EnvironmentInfo.MlmaxVersion);
    config.PropagateExceptions();
    config.AddCommand<InitCommand>("init")
        .WithDescription("Create a project from a template.")
        .WithExample("init", "my-project", "--template", "census")
        .WithExample("init", "my-project", "--template", "census-python");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run a pipeline: validate it whole, then run its steps, reusing unchanged work.")
        .WithExample("run", "training")
        .WithExample("run", "training", "--param", "split_ratio=0.3", "--explain")
        .WithExample("run", "inference", "--input", "data=new.csv", "--input", "model=run:20261127-101500-ab12")
        .WithExample("run", "training", "--executor", "hangfire", "--detach");
    config.AddCommand<WorkerCommand>("worker")
        .WithDescription("Run steps of fleet runs (--executor hangfire) on this machine, from the queue in the PostgreSQL metadata database.")
        .WithExample("worker")
        .WithExample("worker", "--pool", "gpu", "--slots", "1");
    config.AddCommand<CancelCommand>("cancel")
        .WithDescription("Stop a run on the worker fleet.")
        .WithExample("cancel", "20261127-101500-ab12");
    config.AddCommand<RunsCommand>("runs")
        .WithDescription("List runs, newest first.")
        .WithExample("runs", "--pipeline", "training", "--json");
    config.AddCommand<ShowCommand>("show")
        .WithDescription("Show one run: parameters, inputs, environment, steps, outputs and metrics.")
        .WithExample("show", "20261127-101500-ab12");
    config.AddCommand<LineageCommand>("lineage")
        .WithDescription("Trace a run or an artifact upstream (code, data, parameters, environment) and downstream.")
        .WithExample("lineage", "20261127-101500-ab12")
        .WithExample("lineage", "sha256:3f2a9c", "--json");
    config.AddCommand<ResumeCommand>("resume")
        .WithDescription("Continue a failed, cancelled or interrupted run, keeping its finished steps.")
        .WithExample("resume", "20261127-101500-ab12");
    config.AddCommand<StepCommand>("step")
        .WithDescription("Run one step alone, for debugging, with explicit inputs.")
        .WithExample("step", "training", "train", "--input", "train=out/train", "--param", "seed=7");
    config.AddBranch("aws", aws =>
    {
        aws.SetDescription("The AWS target: the same pipeline as a Step Functions state machine of SageMaker jobs, deployed with CloudFormation.");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsCompileCommand>("compile")
            .WithDescription("Compile a pipeline to a CloudFormation template, a state machine definition and a code manifest.")
            .WithExample("aws", "compile", "training", "--out", "build/aws");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsEnvCommand>("env")
            .WithDescription("Write the project's secure environment as a CloudFormation template: private subnets with VPC endpoints, a KMS key, the encrypted bucket, the jobs' security group, a notebook and a development instance reached through Session Manager.")
            .WithExample("aws", "env", "--out", "infra")
            .WithExample("aws", "env", "--name", "census", "--json");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsDeployCommand>("deploy")
            .WithDescription("Deploy a pipeline: build and upload its code, create or update its CloudFormation stack, remember the deployment.")
            .WithExample("aws", "deploy", "training", "--env-stack", "mlmax-env", "--image", "Dotnet=123456789012.dkr.ecr.eu-west-1.amazonaws.com/base:latest")
            .WithExample("aws", "deploy", "training", "--stack", "census-training", "--bucket", "my-bucket", "--kms-key", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "--subnets", "subnet-a,subnet-b", "--security-groups", "sg-1");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsRunCommand>("run")
            .WithDescription("Run a deployed pipeline on AWS and record the run, its steps, outputs and lineage here.")
            .WithExample("aws", "run", "training")
            .WithExample("aws", "run", "training", "--param", "split_ratio=0.3", "--input", "raw=data/new.csv", "--detach");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsStatusCommand>("status")
            .WithDescription("Show a run's execution on AWS step by step (and record a detached run that has ended).")
            .WithExample("aws", "status", "20261127-101500-ab12");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsSyncCommand>("sync")
            .WithDescription("Record here the executions a deployed pipeline's schedules and watches started on AWS, with their triggers.")
            .WithExample("aws", "sync", "training");
        aws.AddCommand<Mlmax.Cli.Commands.Aws.AwsContainerCommand>("container")
            .WithDescription("Run one step inside a SageMaker job (the entry point of compiled jobs).")
            .IsHidden();
    });
    config.AddBranch<MonitorSettings>("monitor", monitor =>
    {
        monitor.SetDescription("Data quality and drift of batch inference runs or of logged served requests (input and predictions) against the model version's baselines: recorded checks, an HTML report, alerts; exits 1 when a threshold is crossed. monitor labels: model quality once true labels arrive.");
        monitor.SetDefaultCommand<MonitorCommand>();
        monitor.AddExample("monitor", "census@production");
        monitor.AddExample("monitor", "census:3", "--run", "20261127-101500-ab12", "--json");
        monitor.AddExample("monitor", "census@production", "--since", "7d", "--threshold", "age.psi=0.1");
        monitor.AddExample("monitor", "census@production", "--requests", "--since", "24h");
        monitor.AddCommand<MonitorHistoryCommand>("history")
            .WithDescription("List a model's recorded monitoring checks, oldest first.")
            .WithExample("monitor", "history", "census", "--since", "30d");
        monitor.AddCommand<Mlmax.Cli.Commands.Monitor.MonitorLabelsCommand>("labels")
            .WithDescription("Join true labels that arrived later to the version's logged predictions (served requests, batch runs) by id; the evaluation's metrics, overall and over time.")
            .WithExample("monitor", "labels", "census@production", "--input", "labels.csv")
            .WithExample("monitor", "labels", "census:3", "--input", "labels.csv", "--id-column", "customer_id", "--label-column", "churned", "--by", "week", "--json");
    });
    config.AddBranch("models", models =>
    {
        models.SetDescription("The model registry: versions, aliases, promotion gates and rollback.");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsListCommand>("list")
            .WithDescription("List model versions with their aliases.")
            .WithExample("models", "list", "census");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsShowCommand>("show")
            .WithDescription("Show a version, its verified bundle and the model's decision history.")
            .WithExample("models", "show", "census@production");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsRegisterCommand>("register")
            .WithDescription("Register a version from a succeeded training run.")
            .WithExample("models", "register", "20261127-101500-ab12", "--why", "retrained on November data");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsPromoteCommand>("promote")
            .WithDescription("Move an alias to a version if the promotion gates pass; every decision is recorded.")
            .WithExample("models", "promote", "census:3", "--to", "production", "--gate", "auc drop<=0.01", "--why", "weekly retrain");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsRollbackCommand>("rollback")
            .WithDescription("Return an alias to the version that held it before.")
            .WithExample("models", "rollback", "census@production", "--why", "complaints about scores");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsExportCommand>("export")
            .WithDescription("Write a version to a self-contained folder (its record and its bundle's blobs), verified when read.")
            .WithExample("models", "export", "census@production", "--out", "build/model");
        models.AddCommand<Mlmax.Cli.Commands.Models.ModelsArchiveCommand>("archive")
            .WithDescription("Retire a version that holds no alias.")
            .WithExample("models", "archive", "census:1");
    });
    config.AddBranch("schedule", schedule =>
    {
        schedule.SetDescription("Schedules: pipelines run on cron slots in a time zone, kept in the metadata database.");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleAddCommand>("add")
            .WithDescription("Add a schedule: a pipeline run at every slot of a cron expression, in a time zone.")
            .WithExample("schedule", "add", "training", "--cron", "0 3 * * *", "--tz", "Europe/London", "--param", "l2=0.1");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleWatchCommand>("watch")
            .WithDescription("Add a data trigger: a run for each new file under a directory or S3 prefix, bound to an input.")
            .WithExample("schedule", "watch", "training", "--path", "incoming/", "--pattern", "*.csv", "--input", "raw");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleSyncCommand>("sync")
            .WithDescription("Store the schedules and watches the pipeline definitions declare; remove the declared ones no longer declared.")
            .WithExample("schedule", "sync");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleListCommand>("list")
            .WithDescription("List the schedules with their origin and next slots, and the watches.")
            .WithExample("schedule", "list");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.SchedulePauseCommand>("pause")
            .WithDescription("Pause a schedule: none of its slots fires until it is resumed.")
            .WithExample("schedule", "pause", "training");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleResumeCommand>("resume")
            .WithDescription("Resume a paused schedule.")
            .WithExample("schedule", "resume", "training");
        schedule.AddCommand<Mlmax.Cli.Commands.Schedule.ScheduleRemoveCommand>("remove")
            .WithDescription("Remove a schedule; the runs it started keep it as their trigger.")
            .WithExample("schedule", "remove", "training");
    });
    config.AddCommand<SchedulerCommand>("scheduler")
        .WithDescription("Fire the project's schedules, each slot starting one run (in this process); Ctrl-C stops it.")
        .WithExample("scheduler")
        .WithExample("scheduler", "--max-runs", "2", "--quiet");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Score a CSV file with a registered model version's bundle (its fitted transform and model), traced.")
        .WithExample("predict", "census@production", "--input", "new.csv", "--output", "scores.csv", "--id-column", "customer_id");
    config.AddCommand<ServeCommand>("serve")
        .WithDescription("Serve a registered model version over HTTP (SageMaker /invocations, MLflow JSON), hot-swapping when its alias moves.")
        .WithExample("serve", "census@production", "--port", "8080")
        .WithExample("serve", "census@production", "--host", "0.0.0.0", "--token-env", "MLMAX_SERVE_TOKEN");
    config.AddCommand<ExportCommand>("export")
        .WithDescription("Copy an artifact's files out of the store, verifying every hash.")
        .WithExample("export", "20261127-101500-ab12/score.predictions", "out/");
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Check that this machine is ready for the project: .NET SDK, Python, definitions, stores, executor and, with --aws, AWS credentials and region.")
        .WithExample("doctor")
        .WithExample("doctor", "--json")
        .WithExample("doctor", "--aws");
    config.AddCommand<ExecStepCommand>("exec-step").IsHidden();
});

try
{
    return await app.RunAsync(Mlmax.Cli.Internal.MonitorArguments.Normalize(args), cancel.Token);
}
catch (Exception e) when (e is UserException or Mlmax.Scoring.SchemaViolationException or RunRequestException or DefinitionException or ArtifactIntegrityException or CommandAppException
                              or FileNotFoundException or InvalidOperationException or ArtifactStoreUnavailableException or Mlmax.Aws.Api.AwsException)
{
    var message = e is CommandAppException { Pretty: { } pretty } ? null : e.Message;
    if (message is null)
    {
        AnsiConsole.Console.Write(((CommandAppException)e).Pretty!);
    }
    else
    {
        ConsoleOutput.Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
    }

    return 2;
}
catch (OperationCanceledException)
{
    ConsoleOutput.Error.MarkupLine("[yellow]cancelled[/]");
    return 130;
}
catch (Exception e)
{
    ConsoleOutput.Error.MarkupLine($"[red]internal error:[/] {Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}");
    if (Environment.GetEnvironmentVariable("MLMAX_DEBUG") == "1")
    {
        ConsoleOutput.Error.WriteLine(e.ToString());
    }
    else
    {
        ConsoleOutput.Error.MarkupLine("[grey]set MLMAX_DEBUG=1 for the stack trace, and please report it[/]");
    }

    return 3;
}
