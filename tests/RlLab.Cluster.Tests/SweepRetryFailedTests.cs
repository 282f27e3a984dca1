using System.Text.Json.Nodes;

namespace RlLab.Cluster.Tests;

/// <summary>`sweep --resume --retry-failed`: a trial whose training crashed (a native fault, not a property of the trial) runs again on request.</summary>
public sealed class SweepRetryFailedTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_crashed_trial_stays_failed_on_resume_and_runs_again_with_retry_failed()
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "sweep");
        using (var first = new CliChild(["sweep", Repo.CartPole, "--seeds", "1-2", "--slots", "2", .. Repo.TinyBudget, "--out", dir]))
            Assert.True(first.Wait(Limit) == 0, first.Output);
        // t02 as a crash inside libtorch leaves it: failed by its own training, exit 134.
        string state = Path.Combine(dir, "sweep.json");
        JsonNode json = JsonNode.Parse(File.ReadAllText(state))!;
        JsonNode t02 = json["Trials"]!.AsArray().Single(t => (string?)t!["Id"] == "t02")!;
        t02["Status"] = "Failed";
        t02["ExitCode"] = 134;
        File.WriteAllText(state, json.ToJsonString());

        using (var plain = new CliChild("sweep", "--resume", dir))
            Assert.True(plain.Wait(Limit) == 4, plain.Output);
        var kept = SweepCsvFile.Read(dir);
        Assert.Equal(["done", "failed"], kept.Rows.Select(r => kept.Get(r, "status")));

        using (var retry = new CliChild("sweep", "--resume", dir, "--retry-failed"))
        {
            Assert.True(retry.Wait(Limit) == 0, retry.Output);
            Assert.Contains("note: t02: its training failed (exit 134); running it again (--retry-failed)", retry.Output);
        }
        var csv = SweepCsvFile.Read(dir);
        Assert.Equal(["done", "done"], csv.Rows.Select(r => csv.Get(r, "status")));
        Assert.Equal(["1", "2"], csv.Rows.Select(r => csv.Get(r, "attempts")));
        Assert.Equal("1024", csv.Get(csv.Rows[1], "steps"));

        using var misuse = new CliChild(["sweep", Repo.CartPole, "--seeds", "1", "--retry-failed", "--out", Path.Combine(temp.Path, "other")]);
        Assert.True(misuse.Wait(Limit) == 2, misuse.Output);
        Assert.Contains("error: --retry-failed: only with --resume <sweep folder>", misuse.Output);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "other")));
    }
}
