using System.Globalization;
using System.Text.Json;

namespace RlLab.Cluster.Tests;

/// <summary>`rllab eval SWEEP`: every trial on the same held-out episodes and on its own training tracks (the generalisation protocol of #28).</summary>
public sealed class SweepEvalCliTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    static string DrivingState => Path.Combine(Repo.Root, "experiments", "driving-state-ppo.yaml");

    [Fact]
    public void A_sweep_over_training_tracks_is_scored_on_held_out_and_training_tracks_with_a_table_and_a_plot()
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "gen");
        using (var sweep = new CliChild(["sweep", DrivingState, "--seeds", "1-2", "--grid", "env.options.tracks=0,0-1", "--slots", "2", .. Repo.TinyBudget,
                   "--set", "env.num_envs=2", "--set", "env.options.max_steps=200", "--out", dir]))
            Assert.True(sweep.Wait(Limit) == 0, sweep.Output);

        using var eval = new CliChild("eval", dir, "--tracks", "10000-10001", "--train-tracks", "3", "--metric", "lap_completion_rate");
        Assert.True(eval.Wait(Limit) == 0, eval.Output);
        var csv = SweepCsvFile.Read(dir, "eval-tracks-10000-10001.csv");
        Assert.Equal(["trial", "seed", "env.options.tracks", "episodes", "mean_return"], csv.Header[..5]);
        Assert.Contains("lap_completion_rate", csv.Header);
        Assert.Contains("train_lap_completion_rate", csv.Header);
        Assert.Equal(["t01", "t02", "t03", "t04"], csv.Rows.Select(r => csv.Get(r, "trial")));
        foreach (string[] row in csv.Rows)
        {
            string trial = Path.Combine(dir, csv.Get(row, "trial"));
            // The table's cells are the trial's own summaries, held-out and training.
            using var heldOut = JsonDocument.Parse(File.ReadAllText(Path.Combine(trial, "eval-tracks-10000-10001.json")));
            Assert.Equal(["10000", "10001"], heldOut.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.GetProperty("track").GetString()));
            Assert.Equal(heldOut.RootElement.GetProperty("mean_return").GetDouble(), double.Parse(csv.Get(row, "mean_return"), CultureInfo.InvariantCulture), 4);
            using var train = JsonDocument.Parse(File.ReadAllText(Path.Combine(trial, "eval-train-tracks-3.json")));
            string[] expected = csv.Get(row, "env.options.tracks") == "0" ? ["0", "0", "0"] : ["0", "1", "0"];
            Assert.Equal(expected, train.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.GetProperty("track").GetString()));
            Assert.Equal(train.RootElement.GetProperty("mean_return").GetDouble(), double.Parse(csv.Get(row, "train_mean_return"), CultureInfo.InvariantCulture), 4);
        }
        Assert.True(new FileInfo(Path.Combine(dir, "eval-tracks-10000-10001.png")).Length > 1000);
        // A column a grid point, with its seeds; a row a metric, for held-out and training tracks.
        string[] lines = eval.Output.Split('\n');
        string[] Cells(string first) => lines.Single(l => l.StartsWith(first + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["env.options.tracks", "0", "0-1"], Cells("env.options.tracks"));
        Assert.Equal(["seeds", "2", "2"], Cells("seeds"));
        Assert.Equal(7, Cells("train_lap_completion_rate").Length); // name, then "mean ± std" for each of 2 points
    }

    [Fact]
    public void Sweep_only_options_and_unknown_metrics_are_one_line_and_exit_2()
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "cart");
        using (var sweep = new CliChild(["sweep", Repo.CartPole, "--seeds", "1", "--slots", "1", .. Repo.TinyBudget, "--out", dir]))
            Assert.True(sweep.Wait(Limit) == 0, sweep.Output);
        foreach (string[] args in new[]
        {
            new[] { "eval", dir, "--seeds", "5-6", "--train-tracks", "2" },
            ["eval", dir, "--seeds", "5-6", "--metric", "lap_completion_rate"],
            ["eval", Path.Combine(dir, "t01"), "--train-tracks", "2"],
        })
        {
            using var child = new CliChild(args);
            Assert.True(child.Wait(Limit) == 2, child.Output);
            string[] lines = child.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("t01", StringComparison.Ordinal)).ToArray();
            Assert.Single(lines);
            Assert.StartsWith("error: ", lines[0]);
            Assert.DoesNotContain("   at ", child.Output);
        }
        Assert.False(File.Exists(Path.Combine(dir, "eval-5-6.csv")));
    }
}
