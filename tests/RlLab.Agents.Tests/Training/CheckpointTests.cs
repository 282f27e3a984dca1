using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;
using RlLab.Envs.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Training;

public sealed class CheckpointTests
{
    [Fact]
    public void WeightsAndOptimizerRoundTrip()
    {
        using var dir = new TempDir();
        ExperimentConfig config = TinyExperiments.Ppo();
        var obs = new Box([-1, -1, -1, -1], [1, 1, 1, 1], [4]);
        var act = new Discrete(2);
        using var a = new ActorCritic(config.Policy, obs, act, true, seed: 1);
        using var b = new ActorCritic(config.Policy, obs, act, true, seed: 2);
        using var optimizer = optim.Adam(a.parameters(), 1e-3);
        // One step, so the optimiser has state to save.
        using (var scope = NewDisposeScope())
        {
            a.call(ones(3, 4)).ActorOut.sum().backward();
            optimizer.step();
        }
        using var generator = new Generator(5);
        var state = new TrainingState(123, 4, 5, 6.5, [1, 2, 3], Checkpoint.SaveGenerator(generator));
        string path = Checkpoint.Save(dir.Path, ConfigWriter.ToYaml(config), state, a, optimizer);

        var (yaml, readState) = Checkpoint.ReadHeader(path);
        Assert.Equal(123, readState.GlobalStep);
        Assert.Equal([1.0, 2, 3], readState.RecentReturns);
        Assert.Equal(config.Algo, ConfigLoader.Parse(yaml, "x").Algo);

        using var optimizerB = optim.Adam(b.parameters(), 1e-3);
        Checkpoint.LoadInto(path, b, optimizerB);
        using var inputs = new Generator(7);
        using var input = randn(7, 4, generator: inputs);
        using var outA = a.call(input).ActorOut;
        using var outB = b.call(input).ActorOut;
        Assert.True(outA.allclose(outB));

        // The generator continues the same stream after a restore.
        using var restored = new Generator(99);
        Checkpoint.RestoreGenerator(restored, readState.GeneratorState);
        using var x = rand(4, generator: generator);
        using var y = rand(4, generator: restored);
        Assert.True(x.allclose(y, 0, 0));
    }

    [Fact]
    public void ARenamedCheckpointLoadsAsACheckpoint()
    {
        // A checkpoint written by this version, under a name that does not end in .ckpt,
        // must be recognised by its magic and not be handed to the bundle reader.
        using var dir = new TempDir();
        ExperimentConfig config = TinyExperiments.Ppo();
        var obs = new Box([-4.8f, -1e38f, -0.42f, -1e38f], [4.8f, 1e38f, 0.42f, 1e38f], [4]);
        using var policy = new ActorCritic(config.Policy, obs, new Discrete(2), true, seed: 1);
        using var generator = new Generator(5);
        var state = new TrainingState(64, 1, 0, 0, [], Checkpoint.SaveGenerator(generator));
        string saved = Checkpoint.Save(dir.Path, ConfigWriter.ToYaml(config), state, policy, null);
        string renamed = Path.Combine(dir.Path, "agent.bin");
        File.Copy(saved, renamed);

        Assert.False(LoadedPolicy.IsBundlePath(renamed));
        using LoadedPolicy loaded = LoadedPolicy.Load(renamed);
        Assert.Equal(64, loaded.TrainingSteps);
        Assert.Null(loaded.Bundle);
    }

    [Fact]
    public void LatestPointsAtNewest()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(TinyExperiments.Ppo(steps: 2048, checkpointEvery: 512), run);
        string[] files = Directory.GetFiles(run.Checkpoints, "*.ckpt").Order().ToArray();
        Assert.True(files.Length >= 4);
        Assert.Equal(files[^1], Checkpoint.Resolve(run.Path));
        Assert.Empty(Directory.GetFiles(run.Checkpoints, "*.tmp*"));
    }

    [Fact]
    public void KilledRunResumesAndFinishes()
    {
        using var dir = new TempDir();
        string yaml = dir.File("exp.yaml", """
            name: resume
            seed: 2
            env: {id: CartPole, num_envs: 4}
            policy: {hidden: [16, 16]}
            algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2}
            train: {total_steps: 400000, threads: 1, eval_episodes: 1, checkpoint_every: 1024}
            """);
        string runPath = Path.Combine(dir.Path, "run");
        var run = new RunDirectory(runPath);

        // Start a long run, kill it once two checkpoints exist.
        using (var p = CliProcess.Start(dir.Path, "train", yaml, "--out", runPath, "--quiet"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && (!Directory.Exists(run.Checkpoints) || Directory.GetFiles(run.Checkpoints, "*.ckpt").Length < 2))
                Thread.Sleep(50);
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        string[] saved = Directory.GetFiles(run.Checkpoints, "*.ckpt");
        Assert.True(saved.Length >= 2);
        // Every checkpoint on disk is whole, whenever the kill came.
        foreach (string file in saved) Checkpoint.ReadHeader(file);
        long killedAt = Checkpoint.ReadHeader(Checkpoint.Resolve(runPath)).State.GlobalStep;
        Assert.True(killedAt < 400_000);

        // Resume with a smaller budget, so the test is quick; it continues from the checkpoint.
        var r = CliProcess.Run(dir.Path, "train", "--resume", runPath, "--set", $"train.total_steps={killedAt + 2048}", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        TrainingState final = Checkpoint.ReadHeader(Checkpoint.Resolve(runPath)).State;
        Assert.Equal(killedAt + 2048, final.GlobalStep);

        // progress.csv continues from the checkpoint without gaps or repeats.
        long[] steps = File.ReadLines(run.Progress).Skip(1).Select(l => long.Parse(l.Split(',')[1])).ToArray();
        Assert.Equal(steps.Length, steps.Distinct().Count());
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second - p.First == 256));
        Assert.Equal(killedAt + 2048, steps[^1]);
        Assert.True(File.Exists(run.Eval));
    }
}
