using System.Globalization;
using System.Text.Json;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;
using RlLab.Envs;

namespace RlLab.Agents.Tests.Driving;

/// <summary>
/// Short, seeded trainings on the Driving env with the state observation on short, gentle tracks
/// (200–250 m laps, curvature ≤ 0.05 1/m): each must beat its own first episodes by far, and the
/// PPO agent must drive laps on track seeds it never saw. A few seconds each on 2 cores.
/// </summary>
public sealed class DrivingTrainingTests
{
    const string GentleTracks = "observation: state, track_length_min: 200, track_length_max: 250, max_curvature: 0.05, max_steps: 450";

    static ExperimentConfig Config(string algo, string action, string policy, string train, int numEnvs = 4) => ConfigLoader.Parse(
        "name: tiny-drive\nseed: 2\n" +
        $"env: {{id: Driving, num_envs: {numEnvs}, options: {{{GentleTracks}, action: {action}, reward: progress, tracks: \"0-19\"}}}}\n" +
        $"policy: {{{policy}}}\n" +
        $"algo: {{{algo}}}\n" +
        $"train: {{{train}, threads: 1, eval_episodes: 4}}\n",
        "tiny-drive.yaml");

    /// <summary>Mean distance of the first <paramref name="n"/> training episodes (the untrained policy).</summary>
    static double EarlyDistance(RunDirectory run, int n) =>
        File.ReadLines(run.EpisodesCsv).Skip(1).Take(n)
            .Average(l => double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture));

    static (TrainingResult Result, double Early) Train(ExperimentConfig config, TempDir dir, string name = "run")
    {
        var run = RunDirectory.Create(Path.Combine(dir.Path, name));
        TrainingResult result = Trainer.Train(config, run);
        // The env's own metrics reach episodes.csv and TensorBoard by name; the trainer names none of them.
        Assert.Equal("episode,step,return,length,distance,laps,best_lap_time,route_completion,driving_score,collisions_vehicle,collisions_static,offroad,wrong_way,end_reason", File.ReadLines(run.EpisodesCsv).First());
        string events = File.ReadAllText(Directory.GetFiles(run.TensorBoard, "events.out.tfevents.*").Single());
        foreach (string tag in new[] { "episode/distance", "episode/laps" }) Assert.Contains(tag, events);
        return (result, EarlyDistance(run, 8));
    }

    [Fact]
    public void PpoWithGaussianCurvatureDrivesLapsOnHeldOutTracks()
    {
        using var dir = new TempDir();
        ExperimentConfig config = Config("name: ppo, lr: 0.002, num_steps: 64, epochs: 4, minibatches: 2",
            "curvature", "hidden: [32, 32], distribution: gaussian, init_log_std: -3", "total_steps: 16000");
        var (result, early) = Train(config, dir);

        Assert.NotNull(result.Eval);
        Assert.True(result.Eval!.Summary("mean_distance") > 3 * early, $"trained {result.Eval.Summary("mean_distance"):F0} m vs untrained {early:F0} m");

        // Held-out seeds, one episode each, as `rllab eval --tracks 10000-10003` plays them.
        using LoadedPolicy policy = LoadedPolicy.Load(result.Run.Path);
        int[] seeds = [10000, 10001, 10002, 10003];
        EvalSummary heldOut = Evaluator.Run(policy.Config, policy.Network, policy.Device, policy.Path, seeds.Length, true,
            i => new Dictionary<string, object?> { ["track"] = seeds[i].ToString(CultureInfo.InvariantCulture), ["tracks"] = null });
        Assert.Equal(seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)), heldOut.Rows.Select(r => r.Track));
        Assert.True(heldOut.Summary("lap_completion_rate") >= 0.75, $"lap completion {heldOut.Summary("lap_completion_rate"):P0} on held-out tracks");
        Assert.True(heldOut.Summary("mean_distance") > 200, $"mean distance {heldOut.Summary("mean_distance"):F0} m");
    }

    [Fact]
    public void PpoWithDiscreteSteeringImproves()
    {
        using var dir = new TempDir();
        ExperimentConfig config = Config("name: ppo, lr: 0.002, num_steps: 64, epochs: 4, minibatches: 2",
            "discrete", "hidden: [32, 32]", "total_steps: 16000");
        var (result, early) = Train(config, dir);
        Assert.True(result.Eval!.Summary("mean_distance") > 3 * early, $"trained {result.Eval.Summary("mean_distance"):F0} m vs untrained {early:F0} m");
    }

    [Theory]
    [InlineData("curvature", "distribution: mit_gaussian, hidden: [32]")]
    [InlineData("discrete", "hidden: [32]")]
    public void ReinforceImproves(string action, string policy)
    {
        using var dir = new TempDir();
        ExperimentConfig config = Config("name: reinforce, lr: 0.01, gamma: 0.95, max_batch: 300", action, policy, "total_episodes: 60", numEnvs: 1);
        var (result, early) = Train(config, dir);
        Assert.True(result.Eval!.Summary("mean_distance") > 3 * early, $"trained {result.Eval.Summary("mean_distance"):F0} m vs untrained {early:F0} m");
    }

    [Fact]
    public void FrameStackFromYamlFeedsTheCnnStackedChannels()
    {
        using var dir = new TempDir();
        ExperimentConfig config = ConfigLoader.Parse("""
            name: tiny-stack
            seed: 1
            env:
              id: Driving
              num_envs: 2
              options: {observation: topdown, width: 48, height: 48, channels: 3}
              wrappers: [{name: frame_stack, k: 2}]
            policy: {type: mit_cnn, hidden: [], distribution: mit_gaussian, init: glorot}
            algo: {name: ppo, num_steps: 8, epochs: 1, minibatches: 2}
            train: {total_steps: 16, threads: 1, eval_episodes: 0}
            """, "stack.yaml");
        using (IEnv env = EnvFactory.Make(config.Env, 0))
            Assert.Equal([48, 48, 6], env.ObservationSpace.Shape);
        TrainingResult result = Trainer.Train(config, RunDirectory.Create(Path.Combine(dir.Path, "run")));
        Assert.Equal(16, result.Steps);
    }

    [Fact]
    public void UnknownWrapperOptionIsReportedAtTheWrappersLine()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            name: bad
            env:
              id: Driving
              options: {observation: topdown}
              wrappers: [{name: frame_stack, depth: 4}]
            """, "bad.yaml"));
        Assert.Equal(5, e.Line);
        Assert.Contains("depth", e.Message);
    }

    [Fact]
    public void EvalCommandPrintsOneRowPerTrackAndWritesEvalJson()
    {
        using var dir = new TempDir();
        ExperimentConfig config = Config("name: ppo, num_steps: 16, epochs: 1, minibatches: 1", "curvature", "hidden: [8]", "total_steps: 64");
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(config, run);

        var r = CliProcess.Run(dir.Path, "eval", run.Path, "--tracks", "10000-10002", "--max-steps", "30");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (string seed in new[] { "10000", "10001", "10002" }) Assert.Contains($" {seed} ", r.Stdout);
        Assert.Contains("mean distance", r.Stdout);
        Assert.Contains("lap completion", r.Stdout);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "eval-tracks-10000-10002.json")));
        Assert.Equal(3, json.RootElement.GetProperty("episodes").GetInt32());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("lap_completion_rate").ValueKind);
        string[] tracks = [.. json.RootElement.GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("track").GetString()!)];
        Assert.Equal(["10000", "10001", "10002"], tracks);
        Assert.All(json.RootElement.GetProperty("rows").EnumerateArray(), row => Assert.InRange(row.GetProperty("length").GetInt32(), 1, 30));
    }
}
