using RlLab.Agents.Config;

namespace RlLab.Agents.Tests.Config;

/// <summary>The cadences count env steps; the old iteration-counting keys are one-line errors naming their replacement.</summary>
public sealed class RenamedKeyTests
{
    [Theory]
    [InlineData("log_every", "log_every_steps")]
    [InlineData("video_every", "video_every_steps")]
    public void OldCadenceKeyIsAnErrorAtItsLineNamingTheNewKey(string old, string replacement)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"""
            name: old
            env: {"{id: CartPole}"}
            train:
              total_steps: 1000
              {old}: 2
            """, "old.yaml"));
        Assert.Equal(5, e.Line);
        Assert.Contains(replacement, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AConfigStoredByAnOlderRunStillLoadsWithTheOldKeysDropped()
    {
        const string stored = """
            name: old-run
            env: {id: CartPole}
            train:
              total_steps: 1000
              log_every: 3
              video_every: 5
              eval_episodes: 4
            """;
        ExperimentConfig c = ConfigLoader.ParseStored(stored, "runs/old/config.yaml");
        Assert.Equal(1000, c.Train.TotalSteps);
        Assert.Equal(4, c.Train.EvalEpisodes);
        Assert.Equal(0, c.Train.VideoEverySteps);
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(stored, "mine.yaml"));
    }

    [Fact]
    public void LogEveryStepsWritesARowEachTimeTheStepCountCrossesAMultiple()
    {
        using var dir = new Cli.TempDir();
        var run = RlLab.Agents.Training.RunDirectory.Create(Path.Combine(dir.Path, "run"));
        // Iterations of 64 steps; a row at 192, 384, 576, ... (crossing multiples of 150).
        RlLab.Agents.Training.Trainer.Train(ConfigLoader.Parse("""
            name: cadence
            env: {id: CartPole, num_envs: 2}
            policy: {hidden: [8]}
            algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 1}
            train: {total_steps: 640, eval_episodes: 0, log_every_steps: 150}
            """, "cadence.yaml"), run);
        long[] steps = [.. File.ReadLines(run.Progress).Skip(1).Select(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal([192L, 320, 512, 640], steps);
    }
}
