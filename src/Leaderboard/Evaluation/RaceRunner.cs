using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Plays a race in the evaluation child: one deterministic episode per seed with the agent's own
/// interface (observation and action options, observation wrappers) in the race's world, watched by
/// the race's <see cref="IEpisodeTracker"/>. Practice episodes come first (indices -1, -2, ..., with
/// replays). Episodes play <see cref="Width"/> at a time with one batched forward pass a step
/// (<see cref="BatchedPlayer{TObs}"/>); each plays as it would alone.
/// </summary>
public static class RaceRunner
{
    public const int Width = 24;

    public static EvaluationOutput Run(LoadedPolicy policy, Race race, IReadOnlyList<int> practiceSeeds, IReadOnlyList<int> hiddenSeeds, Action<int>? progress = null)
    {
        if (!string.Equals(policy.Config.Env.Id, race.EnvId, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"the agent plays {policy.Config.Env.Id}, race {race.Name} needs {race.EnvId}");
        using IEnv probe = EnvFactory.Make(race.EnvFor(policy.Config.Env, hiddenSeeds.Count > 0 ? hiddenSeeds[0] : practiceSeeds[0]), 0);
        return probe switch
        {
            IEnv<float> f => Play(policy, race, practiceSeeds, hiddenSeeds, f, progress),
            IEnv<byte> b => Play(policy, race, practiceSeeds, hiddenSeeds, b, progress),
            _ => throw new InvalidDataException($"{race.EnvId}: unsupported observation type"),
        };
    }

    static EvaluationOutput Play<T>(LoadedPolicy policy, Race race, IReadOnlyList<int> practiceSeeds, IReadOnlyList<int> hiddenSeeds, IEnv<T> probe, Action<int>? progress)
        where T : unmanaged
    {
        IRace rules = race.Rules();
        int practice = practiceSeeds.Count, total = practice + hiddenSeeds.Count;
        // Episode k: the practice ones first (index -1, -2, ...), then the hidden ones (0, 1, ...).
        int IndexOf(int k) => k < practice ? -1 - k : k - practice;
        int SeedOf(int k) => k < practice ? practiceSeeds[k] : hiddenSeeds[k - practice];
        var trackers = new IEpisodeTracker?[total];
        var results = new EpisodeResult?[total];
        var replays = new Replay?[practice];
        int hiddenDone = 0;
        using var player = new BatchedPlayer<T>(policy.Network, policy.Device, probe.ObservationSpace.Shape, probe.ActionSpace, Math.Min(total, Width));
        player.Play(total,
            (k, observation) =>
            {
                var env = (IEnv<T>)EnvFactory.Make(race.EnvFor(policy.Config.Env, SeedOf(k)), 0);
                Agents.Evaluation.Evaluator.Freeze(env, policy.ObservationStatistics);
                env.Reset(observation, SeedOf(k));
                trackers[k] = rules.Track(race, env, record: k < practice);
                return env;
            },
            (k, _, step) => trackers[k]!.AfterStep(step),
            (k, env, end) =>
            {
                EpisodeInfo info = EpisodeInfo.Empty;
                env.FillEpisodeInfo(ref info);
                string why = end.Stopped ? "finished" : end.Terminated ? info.EndReason ?? "terminated" : "time_limit";
                var (metrics, series) = trackers[k]!.Finish(end.Terminated);
                results[k] = new EpisodeResult(IndexOf(k), end.Return, end.Steps, why, metrics, series);
                if (k < practice) replays[k] = trackers[k]!.Replay;
                trackers[k] = null;
                env.Dispose();
                if (k >= practice) progress?.Invoke(++hiddenDone);
            });
        return new EvaluationOutput(race.Name, [.. results.Select(r => r!)], [.. replays.Where(r => r is not null).Select(r => r!)]);
    }
}
