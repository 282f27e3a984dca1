using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;
using RlLab.Envs.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Training;

/// <summary>
/// Checkpoints hold the parts an algorithm declares, by name; files of the previous layout
/// (RLLAB-CKPT-2: one policy and one optimiser) still load, play and resume.
/// </summary>
public sealed class CheckpointPartsTests
{
    /// <summary>Written by the build before named parts (main at 7192133): a CartPole PPO run, hidden [8], seed 3, 128 steps.</summary>
    static string Version2 => Path.Combine(TestPaths.Repo(), "tests", "RlLab.Agents.Tests", "Fixtures", "checkpoint-v2-cartpole.ckpt");

    [Fact]
    public void A_version_2_checkpoint_plays_as_the_build_that_wrote_it()
    {
        using LoadedPolicy policy = LoadedPolicy.Load(Version2);
        Assert.Equal(128, policy.TrainingSteps);
        // `rllab eval RUN --episodes 3` with that build: returns 101, 162, 128 on seeds 1003000-1003002.
        EvalSummary s = Evaluator.Run(policy.Config, policy.Network, CPU, "x", 3, deterministic: true, seeds: [1003000, 1003001, 1003002]);
        Assert.Equal([101.0, 162, 128], s.Rows.Select(r => r.Return));
    }

    [Fact]
    public void A_version_2_checkpoint_resumes_with_its_optimiser()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        File.Copy(Version2, Path.Combine(run.Checkpoints, "step-0000000128.ckpt"));
        ExperimentConfig config = ConfigLoader.ParseStored(Checkpoint.ReadHeader(Version2).ConfigYaml, "v2");
        config = config with { Train = config.Train with { TotalSteps = 256, RunsDir = dir.Path } };

        var (obs, act) = (new Box([-4.8f, -1e38f, -0.42f, -1e38f], [4.8f, 1e38f, 0.42f, 1e38f], [4]), new Discrete(2));
        using var policy = new ActorCritic(config.Policy, obs, act, true);
        using var adam = optim.Adam(policy.parameters(), 1e-3);
        Checkpoint.LoadInto(Version2, CheckpointPart.PolicyWith(policy, adam));
        var moments = adam.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToArray();
        Assert.NotEmpty(moments);
        Assert.All(moments, m => Assert.True(m.step > 0, "the optimiser's state came from the file"));

        TrainingResult r = Trainer.Train(config, run, resumeFrom: run.Path);
        Assert.Equal(256, r.Steps);
        // The run goes on in the current layout.
        Assert.True(File.ReadAllBytes(Checkpoint.Resolve(run.Path)).AsSpan(0, Checkpoint.MagicPrefix.Length).SequenceEqual(Checkpoint.MagicPrefix));
    }

    [Fact]
    public void Parts_load_by_name_and_a_missing_one_is_named()
    {
        using var dir = new TempDir();
        using var generator = new Generator(5);
        var state = new TrainingState(10, 1, 0, 0, [], Checkpoint.SaveGenerator(generator));
        using var a = nn.Linear(3, 2);
        using var b = nn.Linear(2, 1);
        long counter = 42;
        string path = Checkpoint.Save(dir.Path, ConfigWriter.ToYaml(TinyExperiments.Ppo()), state,
            [CheckpointPart.Module("a", a), CheckpointPart.Module("b", b), new("counter", w => w.Write(counter), _ => { })]);

        using var a2 = nn.Linear(3, 2);
        using var b2 = nn.Linear(2, 1);
        long read = 0;
        // Another order than written: parts are found by name.
        Checkpoint.LoadInto(path, [new("counter", _ => { }, r => read = r.ReadInt64()), CheckpointPart.Module("b", b2), CheckpointPart.Module("a", a2)]);
        Assert.Equal(42, read);
        Assert.True(a.weight!.eq(a2.weight!).all().item<bool>());
        Assert.True(b.bias!.eq(b2.bias!).all().item<bool>());

        var missing = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadInto(path, [CheckpointPart.Module("critic", nn.Linear(1, 1))]));
        Assert.Contains("holds no 'critic'", missing.Message);
        var misfit = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadInto(path, [new("counter", _ => { }, r => r.ReadInt32())]));
        Assert.Contains("'counter' has 4 bytes its reader did not use", misfit.Message);
    }
}
