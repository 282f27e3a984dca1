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
/// interface (observation and action options, observation wrappers) in the race's world. Index -1 is the practice episode.
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
        using IEnv env = EnvFactory.Make(race.EnvFor(policy.Config.Env, seed), 0);
        Evaluator.Freeze(env, policy.ObservationStatistics);
        return env switch
        {
            IEnv<float> f => Loop(f, race, seed, index, record, (o, a) => policy.Act(o, a)),
            IEnv<byte> b => Loop(b, race, seed, index, record, (o, a) => policy.Act(o, a)),
            _ => throw new InvalidDataException($"{race.EnvId}: unsupported observation type"),
        };
    }

    delegate void Actor<T>(ReadOnlySpan<T> observation, Span<float> action);

    static (EpisodeResult, Replay?) Loop<T>(IEnv<T> env, Race race, int seed, int index, bool record, Actor<T> act)
        where T : unmanaged
    {
        var obs = new T[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace is Discrete ? 1 : env.ActionSpace.FlatSize];
        env.Reset(obs, seed);
        DrivingCore? core = env.Find<IDrivingEnv>()?.Core;
        var lapTimes = new List<double>();
        var poses = new List<double[]>();
        double ret = 0, lastLapEnd = 0;
        int steps = 0, laps = 0;
        bool crashed = false;
        string end = "time_limit";
        if (record && core is not null) poses.Add(Pose(core));
        while (true)
        {
            try { act(obs, action); }
            catch (Exception e) when (e is not OutOfMemoryException) { throw new PolicyFault(e); }
            if (env.ActionSpace is Box box) box.Clip(action);
            StepResult r = env.Step(action, obs);
            ret += r.Reward;
            steps++;
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
        EpisodeInfo info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
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
