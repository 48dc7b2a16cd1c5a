using Mlmax.Aws.StepFunctions;

namespace Mlmax.Aws.Tests;

public sealed class StateMachineTests
{
    [Fact]
    public void Compile_StepReadsTrainingOutput_ArchiveUriUsesJobNameKeptByResultSelector()
    {
        var machine = CensusCompilation.Compile("training").StateMachine;

        var train = Assert.IsType<TaskState>(machine.States["train"]);
        Assert.Equal("$.jobs.train", train.ResultPath);
        Assert.Equal("$.TrainingJobName", train.ResultSelector!["name.$"]);
        // States.Format takes strings and numbers only: the job's name, not the object the task's result was put in.
        Assert.Contains("/output/model.tar.gz', $.run, $.jobs.train.name)", AwsJson.Serialize(machine.States["evaluate"]), StringComparison.Ordinal);
    }
}
