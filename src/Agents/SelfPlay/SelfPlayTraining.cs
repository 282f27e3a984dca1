using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Training.Callbacks;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Envs.Registry;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;

namespace RlLab.Agents.SelfPlay;

/// <summary>
/// What a run's self_play section changes: the training envs hand their second player to the pool's
/// opponents (Pong's <c>opponent: policy</c>), the pool is a checkpoint part, and a cadence adds
/// snapshots. Evaluation, bundles and matches still see the experiment's own env (the built-in opponent).
/// </summary>
public sealed class SelfPlayTraining : IDisposable
{
    SelfPlayTraining(OpponentPool pool) => Pool = pool;

    public OpponentPool Pool { get; }

    /// <summary>What the checkpoint holds besides the algorithm's parts.</summary>
    public CheckpointPart Part => Pool.Part;

    /// <summary>The env the training envs are built from: the experiment's, with the second player handed over.</summary>
    public static EnvConfig TrainingEnv(ExperimentConfig config)
    {
        if (config.SelfPlay is null) return config.Env;
        var options = new Dictionary<string, object?>(config.Env.Options) { [PongEnvConfig.OpponentOption] = PongEnvConfig.PolicyOpponent };
        return config.Env with { Options = options };
    }

    /// <summary>
    /// Checks before anything is written that the env can be played against: with self_play a two-player
    /// env at the built-in opponent (which self-play replaces); without it, not one waiting for a second player.
    /// </summary>
    /// <returns>The error's text, naming the key, or null.</returns>
    public static string? Problem(ExperimentConfig config)
    {
        bool pong = config.Env.Id == PongEnvFactory.Id;
        string? opponent = config.Env.Options.TryGetValue(PongEnvConfig.OpponentOption, out object? o) ? o?.ToString() : null;
        if (config.SelfPlay is null)
            return pong && opponent == PongEnvConfig.PolicyOpponent
                ? "env.options.opponent: policy needs a second player; train with a self_play section, or play a match (`rllab match`)"
                : null;
        if (!pong) return $"self_play: needs a two-player env (Pong); {config.Env.Id} has one player";
        if (opponent is not null && opponent != PongEnvConfig.BuiltinOpponent)
            return "env.options.opponent: leave it at builtin under self_play (the opponent evaluation plays; self-play replaces it in training)";
        return null;
    }

    /// <summary>Attaches a pool opponent to every env of <paramref name="envs"/> (built from <see cref="TrainingEnv"/>).</summary>
    public static SelfPlayTraining Attach<TObs>(ExperimentConfig config, VectorEnv<TObs> envs) where TObs : unmanaged
    {
        var pool = new OpponentPool(config, envs.SingleObservationSpace, envs.SingleActionSpace);
        try
        {
            EnvStack stack = EnvFactory.Stack(config.Env);
            for (int i = 0; i < envs.Count; i++)
            {
                IPongEnv pong = envs[i].Find<IPongEnv>() ?? throw new InvalidOperationException("self-play needs Pong envs");
                PongOpponentFeed<TObs> feed = typeof(TObs) == typeof(float)
                    ? (PongOpponentFeed<TObs>)(object)PongOpponentFeed<float>.State()
                    : (PongOpponentFeed<TObs>)(object)PongOpponentFeed<byte>.Pixels(pong.Config.Observation);
                pong.Opponent = new PongSelfPlayOpponent<TObs>(pool, feed, f => stack.WrapOnly(f));
            }
            return new SelfPlayTraining(pool);
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>The cadence that adds snapshots: the initial policy at the start of a new run, then every snapshot_every env steps.</summary>
    public ITrainingCallback Cadence(Func<float[]?> observationStatistics) => new SnapshotCadence(Pool, observationStatistics);

    sealed class SnapshotCadence(OpponentPool pool, Func<float[]?> statistics) : ITrainingCallback
    {
        public void OnStart(TrainingRun run)
        {
            if (run.Resumed is null && pool.Snapshots.Count == 0) pool.Add(0, run.Policy, statistics());
        }

        public void OnIteration(TrainingRun run)
        {
            if (!run.Crossed(pool.Config.SnapshotEvery)) return;
            pool.Add(run.Step, run.Policy, statistics());
            run.Log.Information("self-play: snapshot at step {Step}; {Count} in the pool", run.Step, pool.Snapshots.Count);
        }
    }

    public void Dispose() => Pool.Dispose();
}
