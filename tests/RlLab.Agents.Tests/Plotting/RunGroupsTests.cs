using RlLab.Agents.Plotting;

namespace RlLab.Agents.Tests.Plotting;

public sealed class RunGroupsTests
{
    static IReadOnlyDictionary<string, string> Config(int seed, string lr, string hidden = "[64, 64]") => RunGroups.Flatten($"""
        name: cartpole-ppo
        seed: {seed}
        env:
          id: CartPole
          options: {"{}"}
        policy:
          hidden:
          - {hidden.Trim('[', ']').Split(", ")[0]}
          - {hidden.Trim('[', ']').Split(", ")[1]}
        algo:
          lr: {lr}
        train:
          runs_dir: runs{seed}
        """);

    [Fact]
    public void Flatten_gives_dotted_keys_and_lists()
    {
        var c = Config(1, "0.001");
        Assert.Equal("0.001", c["algo.lr"]);
        Assert.Equal("[64, 64]", c["policy.hidden"]);
        Assert.Equal("{}", c["env.options"]);
    }

    [Fact]
    public void Seeds_band_together_and_labels_name_what_differs()
    {
        var (groupOf, labels) = RunGroups.Assign(
            [Config(1, "0.001"), Config(2, "0.001"), Config(1, "0.0025"), Config(3, "0.0025", "[32, 32]")],
            ["a", "b", "c", "d"]);
        Assert.Equal([0, 0, 1, 2], groupOf);
        Assert.Equal(
        [
            "cartpole-ppo [algo.lr=0.001, policy.hidden=[64, 64]]",
            "cartpole-ppo [algo.lr=0.0025, policy.hidden=[64, 64]]",
            "cartpole-ppo [algo.lr=0.0025, policy.hidden=[32, 32]]",
        ], labels);
    }

    [Fact]
    public void One_config_keeps_its_plain_name()
    {
        var (groupOf, labels) = RunGroups.Assign([Config(1, "0.001"), Config(2, "0.001")], ["a", "b"]);
        Assert.Equal([0, 0], groupOf);
        Assert.Equal(["cartpole-ppo"], labels);
    }
}
