using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Spaces;
using RlLab.Envs.Wrappers;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Plays a race in the evaluation child: one deterministic episode per seed with the agent's own
/// observation/action options and the race's overrides. Index -1 is the practice episode.
/// </summary>
public static class RaceRunner
{
    /// <summary>Runs the practice episode (with a replay) and then one episode per hidden seed.</summary>
    public static EvaluationOutput Run(LoadedPolicy policy, Race race, int practiceSeed, IReadOnlyList<int> hiddenSeeds, Action<int>? progress = null)
    {
        if (!string.Equals(policy.Config.Env.Id, race.EnvId, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"the agent plays {policy.Config.Env.Id}, race {race.Name} needs {race.EnvId}");
        var episodes = new List<EpisodeResult>();
        var (practice, replay) = Play(policy, race, practiceSeed, -1, record: true);
        episodes.Add(practice);
        for (int i = 0; i < hiddenSeeds.Count; i++)
        {
            episodes.Add(Play(policy, race, hiddenSeeds[i], i, record: false).Result);
            progress?.Invoke(i + 1);
        }
        return new EvaluationOutput(race.Name, episodes, replay);
    }

    static (EpisodeResult Result, Replay? Replay) Play(LoadedPolicy policy, Race race, int seed, int index, bool record)
    {
        using IEnv env = EnvFactory.Make(policy.Config.Env, 0, race.OverridesFor(seed));
        Evaluator.Freeze(env, policy.ObservationStatistics);
        return env switch
        {
            IEnv<float> f => Loop(f, race, seed, index, record, (o, a) => policy.Act(o, a)),
            IEnv<byte> b => Loop(b, race, seed, index, record, (o, a) => policy.Act(o, a)),
            _ => throw new InvalidDataException($"{race.EnvId}: unsupported observation type"),
        };
    }

    static (EpisodeResult, Replay?) Loop<T>(IEnv<T> env, Race race, int seed, int index, bool record, ActionChooser<T> act)
        where T : unmanaged
    {
        var player = new EpisodePlayer<T>(env, act);
        player.Reset(seed);
        DrivingCore? core = env.Find<IDrivingEnv>()?.Core;
        var lapTimes = new List<double>();
        var poses = new List<double[]>();
        double lastLapEnd = 0;
        int laps = 0;
        bool crashed = false;
        string end = "time_limit";
        if (record && core is not null) poses.Add(Pose(core));
        while (true)
        {
            StepResult r = player.Step();
            if (core is not null)
            {
                if (record && poses.Count < 20_000) poses.Add(Pose(core));
                if (core.Laps.Laps > laps)
                {
                    laps = core.Laps.Laps;
                    lapTimes.Add(core.Time - lastLapEnd);
                    lastLapEnd = core.Time;
                }
                if (laps >= race.Laps) { end = "finished"; break; }
            }
            if (r.Terminated) { crashed = core is not null; end = "terminated"; break; }
            if (r.Truncated) break;
        }
        double ret = player.Return;
        int steps = player.Steps;
        EpisodeInfo info = player.Finish();
        if (crashed && info.EndReason is string why) end = why;
        double distance = core?.Laps.MaxProgress ?? double.NaN;
        double length = core?.Track.Length ?? 0;
        Replay? replay = record && core is not null ? ReplayOf(core, poses) : null;
        return (new EpisodeResult(index, ret, steps, double.IsNaN(distance) ? 0 : distance, length, laps, lapTimes, end, crashed), replay);
    }

    static double[] Pose(DrivingCore core) => [Math.Round(core.Car.State.X, 3), Math.Round(core.Car.State.Y, 3), Math.Round(core.Car.State.Heading, 4)];

    static Replay ReplayOf(DrivingCore core, List<double[]> poses)
    {
        var track = new List<double[]>(core.Track.Count);
        for (int i = 0; i < core.Track.Count; i++) track.Add([Math.Round(core.Track.X[i], 3), Math.Round(core.Track.Y[i], 3)]);
        return new Replay(core.Track.Width, track, poses, core.Config.Dt);
    }
}
