using RlLab.Agents.Devices;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Devices;

public sealed class NnpackTests
{
    /// <summary>libtorch's own switch is found and stays off.</summary>
    [Fact]
    public void The_switch_is_off()
    {
        Assert.True(Nnpack.Disable(), "libtorch_cpu's setUserEnabledNNPACK was not found");
        Assert.True(Nnpack.Disable());
    }

    /// <summary>
    /// A stride-1 convolution on a batch under 16 (the Nature CNN's third layer, with 2 envs) makes libtorch
    /// ask NNPACK, which on this machine's CPU printed "Could not initialize NNPACK! Reason: Unsupported
    /// hardware." four times; with the switch off nothing of it reaches the terminal.
    /// </summary>
    [Fact]
    public void Training_a_cnn_prints_nothing_of_nnpack()
    {
        using var dir = new TempDir();
        string yaml = dir.File("cnn.yaml", """
            name: nnpack
            env: {id: Pong, num_envs: 2, options: {observation: small}}
            policy: {type: nature_cnn, hidden: []}
            algo: {name: ppo, num_steps: 8, epochs: 1, minibatches: 1}
            train: {total_steps: 16, eval_episodes: 1, threads: 1}
            stop: {max_minutes: 1}
            """);
        var r = CliProcess.Run(dir.Path, "train", yaml, "--out", Path.Combine(dir.Path, "run"), "--quiet", "--set", "env.options.points_to_win=1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("NNPACK", r.Stderr + r.Stdout);
    }
}
