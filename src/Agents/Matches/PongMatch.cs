using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Pong;

namespace RlLab.Agents.Matches;

/// <summary>
/// Two agents play Pong against each other. Each keeps its interface (observation, frameskip, max pooling,
/// its observation wrappers) in one shared world (the env's defaults plus <c>world</c>); the right player
/// plays through the env as in training, the left one through a <see cref="PongPolicyOpponent{TObs}"/>
/// that sees the game mirrored. Games come in pairs on one seed with the sides swapped, so the serves
/// and sticky-action draws of a seed are met once from each side. Both act deterministically.
/// </summary>
public static class PongMatch
{
    /// <summary>Plays <paramref name="games"/> games: game k on seed <paramref name="seed"/> + k / 2, the first agent on the right when k is even.</summary>
    /// <param name="thinkLimit">Each agent's total time inside its policy over the match (null: none); past it the agent fails.</param>
    /// <param name="watch">Sees the game (its index, the state) before each step and once at its end: a replay's recorder.</param>
    /// <exception cref="MatchAgentFailedException">An agent's policy threw or used up its thinking time; it names which.</exception>
    public static PongMatchResult Play(LoadedPolicy first, LoadedPolicy second, int games, int seed,
        IReadOnlyDictionary<string, object?>? world = null, Action<PongGameResult>? progress = null, TimeSpan? thinkLimit = null,
        Action<int, PongGame>? watch = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(games, 1);
        var results = new List<PongGameResult>(games);
        var clocks = (First: new MatchClock(first, true, thinkLimit), Second: new MatchClock(second, false, thinkLimit));
        for (int k = 0; k < games; k++)
        {
            bool firstOnRight = k % 2 == 0;
            var (right, left) = firstOnRight ? (clocks.First, clocks.Second) : (clocks.Second, clocks.First);
            int s = checked(seed + k / 2);
            var (rightPoints, leftPoints, steps) = PlayGame(right, left, s, world, watch is null ? null : g => watch(k, g));
            var game = firstOnRight
                ? new PongGameResult(s, true, rightPoints, leftPoints, steps)
                : new PongGameResult(s, false, leftPoints, rightPoints, steps);
            results.Add(game);
            progress?.Invoke(game);
        }
        return new PongMatchResult(results);
    }

    /// <summary>The env the right player plays: Pong with the world, its interface and `opponent: policy`, its wrappers.</summary>
    public static EnvConfig RightEnv(LoadedPolicy right, IReadOnlyDictionary<string, object?>? world)
    {
        var options = SideOptions(right, world);
        options[PongEnvConfig.OpponentOption] = PongEnvConfig.PolicyOpponent;
        return right.Config.Env with { NumEnvs = 1, Threads = 1, Options = options, Wrappers = [.. right.Config.Env.Wrappers.Where(w => w.Name != WrapperSpec.TimeLimit)] };
    }

    /// <summary>Attaches <paramref name="left"/> as the left paddle's player of a Pong env built by <see cref="RightEnv"/>.</summary>
    public static void AttachLeft(IEnv env, LoadedPolicy left, IReadOnlyDictionary<string, object?>? world) =>
        AttachLeft(env, new MatchClock(left, false, null), world);

    static void AttachLeft(IEnv env, MatchClock clock, IReadOnlyDictionary<string, object?>? world)
    {
        LoadedPolicy left = clock.Agent;
        IPongEnv pong = env.Find<IPongEnv>() ?? throw new ArgumentException("not a Pong env");
        var leftEnv = left.Config.Env with { Options = SideOptions(left, world) };
        PongEnvConfig mine = pong.Config, theirs = PongEnvConfig.FromOptions(new EnvOptions(leftEnv.Options));
        if (mine.Frameskip != theirs.Frameskip || mine.MaxPool != theirs.MaxPool)
            throw new InvalidDataException($"the agents step the game differently (frameskip {mine.Frameskip}, max_pool {Lower(mine.MaxPool)} against " +
                $"frameskip {theirs.Frameskip}, max_pool {Lower(theirs.MaxPool)}): a match needs both the same");
        EnvStack stack = EnvFactory.Stack(leftEnv);
        var action = new float[1];
        pong.Opponent = theirs.Observation == PongObservation.State
            ? new PongPolicyOpponent<float>(PongOpponentFeed<float>.State(), f => Frozen(stack.WrapOnly(f), left), o => { clock.Act(o, action); return (int)action[0]; })
            : new PongPolicyOpponent<byte>(PongOpponentFeed<byte>.Pixels(theirs.Observation), b => Frozen(stack.WrapOnly(b), left), o => { clock.Act(o, action); return (int)action[0]; });
    }

    static string Lower(bool b) => b ? "true" : "false";

    static IEnv<T> Frozen<T>(IEnv<T> env, LoadedPolicy policy) where T : unmanaged
    {
        Evaluator.Freeze(env, policy.ObservationStatistics);
        return env;
    }

    static (int Right, int Left, int Steps) PlayGame(MatchClock right, MatchClock left, int seed, IReadOnlyDictionary<string, object?>? world,
        Action<PongGame>? watch)
    {
        using IEnv env = EnvFactory.Make(RightEnv(right.Agent, world), 0);
        Evaluator.Freeze(env, right.Agent.ObservationStatistics);
        AttachLeft(env, left, world);
        IPongEnv pong = env.Find<IPongEnv>()!;
        int steps = env switch
        {
            IEnv<float> f => new EpisodePlayer<float>(f, (o, a) => { watch?.Invoke(pong.Game); right.Act(o, a); }).Play(seed).Length,
            IEnv<byte> b => new EpisodePlayer<byte>(b, (o, a) => { watch?.Invoke(pong.Game); right.Act(o, a); }).Play(seed).Length,
            _ => throw new InvalidDataException("unsupported observation type"),
        };
        var game = pong.Game;
        watch?.Invoke(game);
        return (game.AgentScore, game.OpponentScore, steps);
    }

    /// <summary>The world's options with the agent's interface options over them.</summary>
    static Dictionary<string, object?> SideOptions(LoadedPolicy agent, IReadOnlyDictionary<string, object?>? world)
    {
        if (!string.Equals(agent.Config.Env.Id, "Pong", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{agent.Path} plays {agent.Config.Env.Id}, not Pong");
        var options = new Dictionary<string, object?>(world ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        foreach (var (key, value) in EnvRegistry.Default.InterfaceOf("Pong", agent.Config.Env.Options)) options[key] = value;
        return options;
    }

    /// <summary>One agent's policy calls: a failure inside them is that agent's, and their time counts against its limit.</summary>
    sealed class MatchClock(LoadedPolicy agent, bool first, TimeSpan? limit)
    {
        long _ticks;

        public LoadedPolicy Agent => agent;

        public void Act(ReadOnlySpan<float> observation, Span<float> action)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            try { agent.Act(observation, action); }
            catch (Exception e) { throw Failed(e); }
            Charge(t0);
        }

        public void Act(ReadOnlySpan<byte> observation, Span<float> action)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            try { agent.Act(observation, action); }
            catch (Exception e) { throw Failed(e); }
            Charge(t0);
        }

        MatchAgentFailedException Failed(Exception e) => new(first,
            e is OutOfMemoryException ? "its policy ran out of memory" : $"its policy failed: {e.Message}", e);

        void Charge(long t0)
        {
            _ticks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            if (limit is { } l && System.Diagnostics.Stopwatch.GetElapsedTime(0, _ticks) > l)
                throw new MatchAgentFailedException(first, $"its policy used up its thinking time of {l.TotalSeconds:0.#} s");
        }
    }
}
