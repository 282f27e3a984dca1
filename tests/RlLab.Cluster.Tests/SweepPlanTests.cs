using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Tests;

public sealed class SweepPlanTests
{
    [Theory]
    [InlineData("1-4", new[] { 1, 2, 3, 4 })]
    [InlineData("3", new[] { 3 })]
    [InlineData("1,5,2", new[] { 1, 5, 2 })]
    [InlineData("1-2,10", new[] { 1, 2, 10 })]
    public void Seeds_parse_ranges_and_lists(string text, int[] expected) => Assert.Equal(expected, SweepPlan.ParseSeeds(text));

    [Fact]
    public void Seeds_of_a_parsed_selector_are_read_once_and_a_track_is_refused()
    {
        Assert.Equal([4, 5, 6], SweepPlan.SeedsOf(RlLab.Envs.EpisodeSelector.Parse("4-6")));
        Assert.StartsWith("--seeds", Assert.Throws<SweepException>(() => SweepPlan.SeedsOf(RlLab.Envs.EpisodeSelector.Parse("1,oval"))).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("4-1")]
    [InlineData("1-2-3")]
    [InlineData("1,1")]
    [InlineData("-3")]
    public void Bad_seeds_are_refused_with_the_option_named(string text) =>
        Assert.StartsWith("--seeds", Assert.Throws<SweepException>(() => SweepPlan.ParseSeeds(text)).Message);

    [Theory]
    [InlineData("algo.lr")]
    [InlineData("=1,2")]
    [InlineData("algo.lr=")]
    [InlineData("algo.lr=1,,2")]
    [InlineData("seed=1,2")]
    [InlineData("algo.lr=1,1")]
    [InlineData("policy.hidden=[64,64")]
    [InlineData("policy.hidden=64],[32]")]
    public void Bad_grid_entries_are_refused(string entry) =>
        Assert.StartsWith("--grid", Assert.Throws<SweepException>(() => SweepPlan.ParseGrid([entry])).Message);

    [Fact]
    public void A_list_value_is_one_grid_value()
    {
        var grid = SweepPlan.ParseGrid(["policy.hidden=[64,64], [32] ,{a: 1, b: [2,3]}", "algo.lr=1e-3,3e-4"]);
        Assert.Equal(["[64,64]", "[32]", "{a: 1, b: [2,3]}"], grid[0].Value);
        Assert.Equal(["1e-3", "3e-4"], grid[1].Value);
        var trials = new SweepPlan("x.yaml", [], [1], grid).Trials();
        Assert.Equal(["policy.hidden=[64,64]", "algo.lr=1e-3", "seed=1"], trials[0].Overrides());
    }

    [Fact]
    public void A_key_given_twice_in_the_grid_is_refused() =>
        Assert.Throws<SweepException>(() => SweepPlan.ParseGrid(["algo.lr=1,2", "algo.lr=3"]));

    [Fact]
    public void Every_combination_of_grid_values_and_seeds_is_one_trial()
    {
        var plan = new SweepPlan("x.yaml", [], [1, 2, 3], SweepPlan.ParseGrid(["algo.lr=1e-3,3e-4", "algo.epochs=4,8"]));
        var trials = plan.Trials();
        Assert.Equal(12, trials.Count);
        Assert.Equal(12, trials.Select(t => t.Id).Distinct().Count());
        Assert.Equal(12, trials.Select(t => string.Join(" ", t.Overrides())).Distinct().Count());
        Assert.Equal(["algo.lr=1e-3", "algo.epochs=4", "seed=1"], trials[0].Overrides());
        Assert.Equal(["algo.lr=3e-4", "algo.epochs=8", "seed=3"], trials[^1].Overrides());
    }

    [Fact]
    public void The_progress_line_counts_and_estimates_from_the_median_trial()
    {
        string line = SweepRunner.ProgressLine(new Grains.SweepCounts(10, 4, 0, 2, 1), [10, 30, 20, 20], 2, TimeSpan.FromSeconds(65));
        // 6 left on 2 slots: 3 rounds of the median 20 s.
        Assert.Equal("sweep: 4/10 done, 2 running, 1 retry, 1:05 elapsed, ETA 1:00", line);
        // It counts down while the running trials run, and stops at zero.
        Assert.EndsWith("ETA 0:45", SweepRunner.ProgressLine(new Grains.SweepCounts(10, 4, 0, 2, 1), [10, 30, 20, 20], 2, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(15)));
        Assert.EndsWith("ETA 0:00", SweepRunner.ProgressLine(new Grains.SweepCounts(10, 4, 0, 2, 1), [10, 30, 20, 20], 2, TimeSpan.FromSeconds(200), TimeSpan.FromSeconds(135)));
    }
}
