using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Plays a race in the evaluation child: one deterministic episode per seed with the agent's own
/// interface (observation and action options, observation wrappers) in the race's world, watched by
/// the race's <see cref="IEpisodeTracker"/>. Practice episodes come first (indices -1, -2, ..., with replays).
/// One episode at a time with batch-1 inference: a batched pass rounds differently and would change the
/// scores (measured: returns off by up to 0.03 in 960 for the MIT camera agent), and the MIT camera's
/// 20-track time trial already takes about 42 s (docs/benchmarks.md).
/// </summary>
public static class RaceRunner
{
    public static EvaluationOutput Run(LoadedPolicy policy, Race race, IReadOnlyList<int> practiceSeeds, IReadOnlyList<int> hiddenSeeds, Action<int>? progress = null)
    {
        if (!string.Equals(policy.Config.Env.Id, race.EnvId, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"the agent plays {policy.Config.Env.Id}, race {race.Name} needs {race.EnvId}");
        IRace rules = race.Rules();
        var episodes = new List<EpisodeResult>();
        var replays = new List<Replay>();
        for (int i = 0; i < practiceSeeds.Count; i++)
        {
            var (episode, replay) = Play(policy, race, rules, practiceSeeds[i], -1 - i, record: true);
            episodes.Add(episode);
            if (replay is not null) replays.Add(replay);
        }
        for (int i = 0; i < hiddenSeeds.Count; i++)
        {
            episodes.Add(Play(policy, race, rules, hiddenSeeds[i], i, record: false).Result);
            progress?.Invoke(i + 1);
        }
        return new EvaluationOutput(race.Name, episodes, replays);
    }

    static (EpisodeResult Result, Replay? Replay) Play(LoadedPolicy policy, Race race, IRace rules, int seed, int index, bool record)
    {
        using IEnv env = EnvFactory.Make(race.EnvFor(policy.Config.Env, seed), 0);
        Evaluator.Freeze(env, policy.ObservationStatistics);
        return env switch
        {
            IEnv<float> f => Loop(f, race, rules, seed, index, record, (o, a) => policy.Act(o, a)),
            IEnv<byte> b => Loop(b, race, rules, seed, index, record, (o, a) => policy.Act(o, a)),
            _ => throw new InvalidDataException($"{race.EnvId}: unsupported observation type"),
        };
    }

    static (EpisodeResult, Replay?) Loop<T>(IEnv<T> env, Race race, IRace rules, int seed, int index, bool record, ActionChooser<T> act)
        where T : unmanaged
    {
        // An exception inside the policy is the agent's failure, not the server's.
        var player = new EpisodePlayer<T>(env, (o, a) =>
        {
            try { act(o, a); }
            catch (Exception e) when (e is not OutOfMemoryException) { throw new PolicyFailedException(e); }
        });
        player.Reset(seed);
        IEpisodeTracker tracker = rules.Track(race, env, record);
        string end = "time_limit";
        bool terminated = false;
        while (true)
        {
            StepResult r = player.Step();
            if (tracker.AfterStep(r)) { end = "finished"; break; }
            if (r.Terminated) { terminated = true; end = "terminated"; break; }
            if (r.Truncated) break;
        }
        EpisodeInfo info = player.Finish();
        if (terminated && info.EndReason is string why) end = why;
        var (metrics, series) = tracker.Finish(terminated);
        return (new EpisodeResult(index, player.Return, player.Steps, end, metrics, series), tracker.Replay);
    }
}
