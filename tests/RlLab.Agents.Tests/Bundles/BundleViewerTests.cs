using RlLab.Agents.Tests.Cli;
using RlLab.Cli.Commands;
using Xunit;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>watch and record take a bundle as they take a run: the same episode, step for step.</summary>
public sealed class BundleViewerTests
{
    static List<float[]> Actions(string target, int steps)
    {
        using var session = PolicySession.Open(target, "checkpoint", "10003", stochastic: false, seed: 4);
        var actions = new List<float[]>();
        session.Runner.Reset();
        for (int i = 0; i < steps && !session.Runner.Done; i++)
        {
            session.Runner.Step();
            actions.Add(session.Runner.Action.ToArray());
        }
        return actions;
    }

    [Fact]
    public void PolicySessionFromABundlePlaysTheRunsEpisode()
    {
        using var dir = new TempDir();
        var (run, bundle) = BundleRoundTripTests.TrainAndExport(dir, BundleRoundTripTests.DrivingState());
        List<float[]> fromRun = Actions(run, 40), fromBundle = Actions(bundle, 40);
        Assert.NotEmpty(fromRun);
        Assert.Equal(fromRun, fromBundle);

        // --policy scripted reads the env from the bundle's metadata.
        using var scripted = PolicySession.Open(bundle, "scripted", null, false, 1);
        Assert.Equal("Driving scripted", scripted.Title);
    }

    /// <summary>Needs a display (the suite runs under xvfb-run), as the other recording tests do.</summary>
    [Fact]
    public void RecordWritesAVideoFromABundle()
    {
        using var dir = new TempDir();
        var (_, bundle) = BundleRoundTripTests.TrainAndExport(dir, BundleRoundTripTests.CartPole());
        string gif = Path.Combine(dir.Path, "agent.gif");
        var r = CliProcess.Run(dir.Path, "record", bundle, "--out", gif, "--max-steps", "10", "--size", "160x90");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.True(new FileInfo(gif).Length > 100);
    }
}
