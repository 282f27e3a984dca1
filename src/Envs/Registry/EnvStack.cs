using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Registry;

/// <summary>
/// Builds an env the way an experiment describes it: the registered env, then
/// TimeLimit, then EpisodeStatistics, then the user's
/// <see cref="WrapperSpec"/>s in order. EpisodeStatistics sits below the user wrappers so that
/// episode returns are raw, whatever reward scaling comes after.
/// The TimeLimit's steps: for an env registered with MaxEpisodeSteps (CartPole: 500), the env option
/// <c>max_steps</c>, else a <c>time_limit</c> wrapper's max_steps, else the spec's; 0 means none.
/// For an env registered without one (Driving times out itself and owns its <c>max_steps</c>
/// option), only a <c>time_limit</c> wrapper adds a TimeLimit.
/// Every Make checks the options: a bad value, an unknown key or an unknown wrapper throws
/// <see cref="EnvOptionException"/> naming the key; an unknown env id throws KeyNotFoundException.
/// </summary>
public sealed class EnvStack
{
    public const string MaxStepsOption = "max_steps";

    public EnvStack(string id, EnvOptions? options = null, IReadOnlyList<WrapperSpec>? wrappers = null, EnvRegistry? registry = null)
    {
        Id = id;
        Options = options ?? EnvOptions.Empty;
        Wrappers = wrappers ?? [];
        Registry = registry ?? EnvRegistry.Default;
    }

    public string Id { get; }
    public EnvOptions Options { get; }
    public IReadOnlyList<WrapperSpec> Wrappers { get; }
    public EnvRegistry Registry { get; }

    /// <summary>One wrapped env; its element type follows its observation space (float or byte).</summary>
    public IEnv Make() => Make(withStatistics: true);

    /// <param name="withStatistics">False for the envs of a vector env: it shares the statistics wrappers across them.</param>
    IEnv Make(bool withStatistics)
    {
        if (!Registry.TryGet(Id, out EnvSpec spec))
            throw new KeyNotFoundException($"unknown env '{Id}'; known: {string.Join(", ", Registry.Specs.Select(s => s.Id))}");
        int maxSteps = ResolveMaxSteps(spec);
        IEnv env = Registry.Make(Id, Options);
        try
        {
            return env switch
            {
                IEnv<float> f => Wrap(f, maxSteps, withStatistics),
                IEnv<byte> b => Wrap(b, maxSteps, withStatistics),
                _ => throw new NotSupportedException($"env '{Id}' is neither IEnv<float> nor IEnv<byte>"),
            };
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    /// <summary>One wrapped env with a known observation type.</summary>
    public IEnv<TObs> Make<TObs>() where TObs : unmanaged
    {
        IEnv env = Make();
        if (env is IEnv<TObs> typed) return typed;
        env.Dispose();
        throw new InvalidOperationException($"env '{Id}' observes {ObservationName(env)}, not {typeof(TObs).Name}");
    }

    /// <summary>
    /// <paramref name="count"/> wrapped envs in a <see cref="VectorEnv{TObs}"/> whose type follows the
    /// observation space: VectorEnv&lt;float&gt; for Float32, VectorEnv&lt;byte&gt; for UInt8 images.
    /// The trailing statistics wrappers (normalize_observation, scale_reward after every other
    /// wrapper) are not applied per env but shared across the vector env (<see cref="VectorNormalization"/>).
    /// </summary>
    public IVectorEnv MakeVector(int count, int threads = 1)
    {
        IEnv first = Make(withStatistics: false);
        return first switch
        {
            IEnv<float> f => BuildVector(f, count, threads),
            IEnv<byte> b => BuildVector(b, count, threads),
            _ => throw new NotSupportedException($"env '{Id}' is neither IEnv<float> nor IEnv<byte>"),
        };
    }

    public VectorEnv<TObs> MakeVector<TObs>(int count, int threads = 1) where TObs : unmanaged
    {
        IEnv env = Make(withStatistics: false);
        if (env is IEnv<TObs> typed) return BuildVector(typed, count, threads);
        env.Dispose();
        throw new InvalidOperationException($"env '{Id}' observes {ObservationName(env)}, not {typeof(TObs).Name}");
    }

    VectorEnv<TObs> BuildVector<TObs>(IEnv<TObs> first, int count, int threads) where TObs : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var envs = new IEnv<TObs>[count];
        envs[0] = first;
        try
        {
            for (int i = 1; i < count; i++) envs[i] = (IEnv<TObs>)Make(withStatistics: false);
            return new VectorEnv<TObs>(envs, threads, SharedStatistics(count, first.ObservationSpace));
        }
        catch
        {
            foreach (IEnv<TObs>? e in envs) e?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// This stack's wrappers (all but time_limit, statistics per env) over an env built elsewhere: the
    /// picture a second player of a game sees (a Pong opponent's feed). The options are not read.
    /// </summary>
    public IEnv<TObs> WrapOnly<TObs>(IEnv<TObs> env) where TObs : unmanaged
    {
        foreach (WrapperSpec w in UserWrappers()) env = Apply(env, w);
        return env;
    }

    static bool IsStatistics(WrapperSpec w) => w.Name is WrapperSpec.NormalizeObservation or WrapperSpec.ScaleReward;

    /// <summary>
    /// The user wrappers applied per env: all but time_limit, and without the trailing statistics
    /// wrappers unless <paramref name="withStatistics"/>. A statistics wrapper with others after it
    /// (say, normalise then frame-stack) stays per env: what follows it needs its output per step.
    /// </summary>
    IEnumerable<WrapperSpec> PerEnvWrappers(bool withStatistics)
    {
        WrapperSpec[] user = UserWrappers();
        return withStatistics ? user : user.Take(FirstShared(user));
    }

    /// <summary>The wrappers the user listed, without time_limit (the env's own limit is applied first).</summary>
    WrapperSpec[] UserWrappers() => [.. Wrappers.Where(w => w.Name != WrapperSpec.TimeLimit)];

    /// <summary>Where the trailing run of statistics wrappers starts: those are shared across a vector env.</summary>
    static int FirstShared(IReadOnlyList<WrapperSpec> user)
    {
        int first = user.Count;
        while (first > 0 && IsStatistics(user[first - 1])) first--;
        return first;
    }

    /// <summary>The vector env's shared statistics from the trailing statistics wrappers; null when there are none.</summary>
    VectorNormalization? SharedStatistics(int count, Space observation)
    {
        ObservationNormalizer? norm = null;
        RewardScaler? scale = null;
        WrapperSpec[] user = UserWrappers();
        foreach (WrapperSpec w in user.Skip(FirstShared(user)))
        {
            try
            {
                if (w.Name == WrapperSpec.NormalizeObservation)
                {
                    if (observation is not Box { DType: DType.Float32 } box) throw new EnvOptionException(w.Name, NormalizeNeedsFloats);
                    var (epsilon, clip) = NormalizeOptions(w.Options);
                    norm = new ObservationNormalizer(box.FlatSize, epsilon, clip);
                }
                else
                {
                    var (gamma, epsilon, clip) = ScaleOptions(w.Options);
                    scale = new RewardScaler(gamma, epsilon, clip);
                }
            }
            catch (ArgumentException e)
            {
                throw new EnvOptionException(w.Name, $"{w.Name}: {e.Message}");
            }
            CheckUnused(w);
        }
        return norm is null && scale is null ? null : new VectorNormalization(count, norm, scale);
    }

    const string NormalizeNeedsFloats = "normalize_observation needs float observations; this env observes byte images";

    static (double Epsilon, double Clip) NormalizeOptions(EnvOptions o) => (o.GetDouble("epsilon", 1e-8, min: 0), Positive(o, "clip", 10));

    static (double Gamma, double Epsilon, double Clip) ScaleOptions(EnvOptions o) =>
        (o.GetDouble("gamma", 0.99, 0, 1), o.GetDouble("epsilon", 1e-8, min: 0), Positive(o, "clip", 10));

    int ResolveMaxSteps(EnvSpec spec)
    {
        int maxSteps = spec.MaxEpisodeSteps ?? 0;
        WrapperSpec[] limits = [.. Wrappers.Where(w => w.Name == WrapperSpec.TimeLimit)];
        if (limits.Length > 1) throw new EnvOptionException(WrapperSpec.TimeLimit, "time_limit is listed more than once");
        if (limits.Length == 1)
        {
            EnvOptions o = limits[0].Options;
            if (!o.Has(MaxStepsOption) && maxSteps == 0)
                throw new EnvOptionException(WrapperSpec.TimeLimit, $"time_limit needs max_steps: env {spec.Id} has no default limit");
            maxSteps = o.GetInt(MaxStepsOption, maxSteps, min: 1);
            CheckUnused(limits[0]);
        }
        // Envs registered without a limit (Driving) time out themselves and own their max_steps option.
        if (spec.MaxEpisodeSteps is null) return maxSteps;
        // Otherwise the env option wins over the wrapper, so that `--set env.options.max_steps=…` always works.
        return Options.GetInt(MaxStepsOption, maxSteps, min: 0);
    }

    IEnv<TObs> Wrap<TObs>(IEnv<TObs> env, int maxSteps, bool withStatistics) where TObs : unmanaged
    {
        if (maxSteps > 0) env = new TimeLimit<TObs>(env, maxSteps);
        env = new EpisodeStatistics<TObs>(env);
        foreach (WrapperSpec w in PerEnvWrappers(withStatistics)) env = Apply(env, w);
        // Actions are clipped here once, for every caller (an explicit clip_action already does it).
        if (env.ActionSpace is Box && !Wrappers.Any(w => w.Name == WrapperSpec.ClipAction)) env = new ClipAction<TObs>(env, unbounded: false);
        return env;
    }

    static IEnv<TObs> Apply<TObs>(IEnv<TObs> env, WrapperSpec w) where TObs : unmanaged
    {
        EnvOptions o = w.Options;
        IEnv<TObs> wrapped;
        try
        {
            wrapped = w.Name switch
            {
                WrapperSpec.NormalizeObservation => env is IEnv<float> f
                    ? (IEnv<TObs>)(object)NewNormalizeObservation(f, NormalizeOptions(o))
                    : throw new EnvOptionException(w.Name, NormalizeNeedsFloats),
                WrapperSpec.ScaleReward => NewScaleReward(env, ScaleOptions(o)),
                WrapperSpec.FrameStack => new FrameStack<TObs>(env, o.GetInt("k", 4, 1, 1024),
                    o.GetChoice("padding", "reset", "reset", "zero") == "zero" ? FramePadding.Zero : FramePadding.Reset),
                WrapperSpec.ClipAction => new ClipAction<TObs>(env),
                WrapperSpec.MitPreprocess => (IEnv<TObs>)(object)new MitPreprocess(Bytes(env, w.Name)),
                WrapperSpec.FrameDifference => (IEnv<TObs>)(object)new FrameDifference(Bytes(env, w.Name),
                    o.GetChoice("encoding", "offset", "offset", "split") == "split" ? DifferenceEncoding.Split : DifferenceEncoding.Offset),
                WrapperSpec.AtariPreprocess => (IEnv<TObs>)(object)new AtariPreprocess(Bytes(env, w.Name), o.GetInt("size", 84, 1, 1024)),
                _ => throw new EnvOptionException(w.Name, $"unknown wrapper '{w.Name}'; known: {string.Join(", ", WrapperSpec.KnownNames)}"),
            };
        }
        catch (ArgumentException e)
        {
            throw new EnvOptionException(w.Name, $"{w.Name}: {e.Message}");
        }
        try
        {
            CheckUnused(w);
        }
        catch
        {
            wrapped.Dispose();
            throw;
        }
        return wrapped;
    }

    static NormalizeObservation NewNormalizeObservation(IEnv<float> env, (double Epsilon, double Clip) o) => new(env, o.Epsilon, o.Clip);

    static ScaleReward<TObs> NewScaleReward<TObs>(IEnv<TObs> env, (double Gamma, double Epsilon, double Clip) o) where TObs : unmanaged =>
        new(env, o.Gamma, o.Epsilon, o.Clip);

    static IEnv<byte> Bytes<TObs>(IEnv<TObs> env, string wrapper) where TObs : unmanaged =>
        env as IEnv<byte> ?? throw new EnvOptionException(wrapper, $"{wrapper} needs byte images; this env observes floats");

    static double Positive(EnvOptions o, string key, double fallback)
    {
        double v = o.GetDouble(key, fallback, min: 0);
        return v > 0 ? v : throw new EnvOptionException(key, $"{key} must be positive");
    }

    static void CheckUnused(WrapperSpec w)
    {
        foreach (string key in w.Options.UnusedKeys)
            throw new EnvOptionException(key, $"unknown option '{key}' for wrapper {w.Name}");
    }

    static string ObservationName(IEnv env) => env.ObservationSpace is Box { DType: DType.UInt8 } ? "bytes" : "floats";
}
