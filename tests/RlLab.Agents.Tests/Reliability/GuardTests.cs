using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Tests.Training;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Reliability;

public sealed class GuardTests
{
    [Fact]
    public void ANaNObservationStopsTrainingAndKeepsTheLastGoodCheckpoint()
    {
        NaNObservationEnv.Register();
        using var dir = new TempDir();
        // 4 envs × 64 steps = 256 per iteration; each env turns NaN after 150 steps, i.e. in iteration 3.
        ExperimentConfig config = TinyExperiments.Ppo(steps: 4096, checkpointEvery: 256) with { };
        config = config with { Env = config.Env with { Id = NaNObservationEnv.Id } };
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        var e = Assert.Throws<NonFiniteException>(() => Trainer.Train(config, run));
        Assert.Equal("observation", e.Quantity);
        Assert.InRange(e.Step, 513, 768);
        string latest = Checkpoint.Resolve(run.Path);
        Assert.Equal(512, Checkpoint.ReadHeader(latest).State.GlobalStep);
        Assert.Contains(latest, e.Message);
        foreach (string f in Directory.GetFiles(run.Checkpoints, "*.ckpt"))
            Assert.True(Checkpoint.ReadHeader(f).State.GlobalStep <= 512);
    }

    /// <summary>#27 item 15: a NaN reward was reported as "non-finite policy loss", blaming the learner.</summary>
    [Fact]
    public void ANaNRewardIsBlamedOnTheEnvBeforeAnyLoss()
    {
        NaNObservationEnv.Register();
        using var dir = new TempDir();
        ExperimentConfig config = TinyExperiments.Ppo(steps: 4096, checkpointEvery: 256);
        config = config with { Env = config.Env with { Id = NaNObservationEnv.RewardId } };
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        var e = Assert.Throws<NonFiniteException>(() => Trainer.Train(config, run));
        Assert.Equal($"reward (env {NaNObservationEnv.RewardId} returned it)", e.Quantity);
        Assert.InRange(e.Step, 513, 768);
        Assert.Equal(512, Checkpoint.ReadHeader(Checkpoint.Resolve(run.Path)).State.GlobalStep);
    }

    [Theory]
    [InlineData("policy: {distribution: gaussian}", "does not fit")]
    [InlineData("policy: {type: nature_cnn}", "needs image observations")]
    [InlineData("policy: {hidden: [16000, 16000, 16000]}", "parameters is more than")]
    public void ConfigsThatCannotTrainAreRefusedBeforeAnythingIsWritten(string extra, string expected)
    {
        string yaml = $"name: bad\nenv: {{id: CartPole}}\n{extra}\n";
        ExperimentConfig config = ConfigLoader.Parse(yaml, "bad.yaml");
        var e = Assert.Throws<SetupException>(() => Trainer.Validate(config, "bad.yaml"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("bad.yaml: ", e.Message);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void ANameThatIsNotOneFolderIsRefused(string name)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: ok\nenv: {id: CartPole}\n", "f.yaml", [$"name={name}"]));
        Assert.StartsWith($"--set name={name}: name:", e.Message);
    }

    [Fact]
    public void AnOverrideErrorNamesTheSetArgumentNotTheFile()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: ok\nenv: {id: CartPole}\nalgo: {lr: 0.1}\n", "f.yaml", ["algo.lr=abc"]));
        Assert.Equal("--set algo.lr=abc: algo.lr: expected a number, got 'abc'", e.Message);
        var inFile = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: ok\nenv: {id: CartPole}\nalgo: {lr: abc}\n", "f.yaml"));
        Assert.StartsWith("f.yaml:3:", inFile.Message);
    }

    [Fact]
    public void AFinishedRunSaysWhyAndAnInterruptedOneDoesNot()
    {
        using var dir = new TempDir();
        ExperimentConfig config = TinyExperiments.Ppo(steps: 512) with { Train = TinyExperiments.Ppo().Train with { TotalSteps = 512, EvalEpisodes = 0 } };
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        using (var cancel = new CancellationTokenSource())
        {
            cancel.Cancel();
            Trainer.Train(config, run, cancel: cancel.Token);
        }
        Assert.Null(Trainer.FinishedReason(run.Path, config));
        Trainer.Train(config, run, run.Path);
        Assert.Equal("512 steps", Trainer.FinishedReason(run.Path, config));
    }
}
