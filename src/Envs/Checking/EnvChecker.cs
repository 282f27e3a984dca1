using System.Runtime.InteropServices;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using RlLab.Sim;

namespace RlLab.Envs.Checking;

/// <summary>
/// Tests an env against the Env API contract, as Gymnasium's <c>check_env</c> does:
/// <list type="bullet">
/// <item><c>spaces</c>: a non-empty observation Box whose element type matches IEnv&lt;float&gt;/IEnv&lt;byte&gt;,
/// a Discrete or finite float Box action, ordered bounds;</item>
/// <item><c>reset</c>: a seeded reset writes the whole observation, inside the space;</item>
/// <item><c>step</c>: observations in the space, finite rewards, no exception over random actions;</item>
/// <item><c>determinism</c>: two envs from the same seed give the same bytes, rewards and flags,
/// and re-seeding an env replays its first episode;</item>
/// <item><c>step-writes-observation</c>: a step overwrites the whole observation buffer;</item>
/// <item><c>autoreset</c>: in a <see cref="VectorEnv{TObs}"/>, the final observation, the flags and the next
/// episode's first observation equal those of an env stepped by hand (reset without a seed after the end);</item>
/// <item><c>no-allocation</c>: Step allocates nothing on the calling thread once warm.</item>
/// </list>
/// Every env comes from <c>make</c>, fresh each time it is needed. Checks that depend on a failed one are skipped.
/// </summary>
public sealed class EnvChecker(Func<IEnv> make)
{
    readonly Func<IEnv> _make = make;

    /// <summary>Random-action steps per check.</summary>
    public int Steps { get; init; } = 300;
    /// <summary>The most steps the autoreset check waits for an episode to end.</summary>
    public int AutoresetSteps { get; init; } = 3000;
    public int Seed { get; init; } = 7;

    public EnvCheckReport Run(string name)
    {
        IEnv first = _make();
        first.Dispose();
        return first switch
        {
            IEnv<float> => new EnvCheckReport(name, new Session<float>(this).All()),
            IEnv<byte> => new EnvCheckReport(name, new Session<byte>(this).All()),
            _ => new EnvCheckReport(name, [new EnvCheckResult("spaces", EnvCheckStatus.Failed, $"{first.GetType().Name} implements neither IEnv<float> nor IEnv<byte>")]),
        };
    }

    /// <summary>One checking session over envs observing <typeparamref name="T"/>.</summary>
    sealed class Session<T>(EnvChecker owner) where T : unmanaged
    {
        readonly List<EnvCheckResult> _results = [];
        int _obsSize, _actSize;
        Space _action = null!;
        Box _obs = null!;

        IEnv<T> Make() => (IEnv<T>)owner._make();

        public List<EnvCheckResult> All()
        {
            bool spaces = Try("spaces", Spaces);
            string[] rest = ["reset", "step", "determinism", "step-writes-observation", "autoreset", "no-allocation"];
            if (!spaces)
            {
                foreach (string r in rest) Skip(r, "the spaces check failed");
                return _results;
            }
            bool reset = Try("reset", Reset);
            bool step = reset ? Try("step", Step) : Skip("step", "the reset check failed");
            bool det = step ? Try("determinism", Determinism) : Skip("determinism", "the step check failed");
            if (det) Try("step-writes-observation", StepWritesObservation);
            else Skip("step-writes-observation", "needs a deterministic env");
            if (det) Try("autoreset", Autoreset);
            else Skip("autoreset", "needs a deterministic env");
            if (step) Try("no-allocation", NoAllocation);
            else Skip("no-allocation", "the step check failed");
            return _results;
        }

        bool Try(string check, Func<string?> body)
        {
            string? failure;
            try { failure = body(); }
            catch (Exception e) { failure = $"threw {e.GetType().Name}: {e.Message}"; }
            if (failure is not null && failure.StartsWith(SkipPrefix, StringComparison.Ordinal))
            {
                _results.Add(new EnvCheckResult(check, EnvCheckStatus.Skipped, failure[SkipPrefix.Length..]));
                return false;
            }
            _results.Add(new EnvCheckResult(check, failure is null ? EnvCheckStatus.Passed : EnvCheckStatus.Failed, failure ?? Passed[check]));
            return failure is null;
        }

        const string SkipPrefix = "skip:";

        bool Skip(string check, string why)
        {
            _results.Add(new EnvCheckResult(check, EnvCheckStatus.Skipped, why));
            return false;
        }

        static readonly Dictionary<string, string> Passed = new()
        {
            ["spaces"] = "observation and action spaces are well formed",
            ["reset"] = "a seeded reset writes the whole observation, inside the space",
            ["step"] = "observations inside the space, finite rewards",
            ["determinism"] = "the same seed gives the same episodes; re-seeding replays",
            ["step-writes-observation"] = "every step overwrites the whole observation",
            ["autoreset"] = "the vector env's autoreset matches a hand-stepped env",
            ["no-allocation"] = "Step allocates nothing",
        };

        string? Spaces()
        {
            using IEnv<T> env = Make();
            if (env.ObservationSpace is not Box obs) return $"the observation space is {env.ObservationSpace}, not a Box";
            if (obs.FlatSize <= 0) return "the observation space is empty";
            DType expected = typeof(T) == typeof(byte) ? DType.UInt8 : DType.Float32;
            if (obs.DType != expected) return $"the env implements IEnv<{typeof(T).Name}> but its observation Box is {obs.DType}";
            for (int i = 0; i < obs.FlatSize; i++)
                if (!(obs.Low[i] <= obs.High[i])) return $"observation bound {i}: low {obs.Low[i]} > high {obs.High[i]}";
            switch (env.ActionSpace)
            {
                case Discrete d when d.N <= 0: return $"Discrete({d.N}) has no action";
                case Discrete: _actSize = 1; break;
                case Box a:
                    if (a.DType != DType.Float32) return "a Box action must be float32";
                    if (a.FlatSize <= 0) return "the action Box is empty";
                    for (int i = 0; i < a.FlatSize; i++)
                        if (!float.IsFinite(a.Low[i]) || !float.IsFinite(a.High[i]) || a.Low[i] > a.High[i])
                            return $"action bound {i}: [{a.Low[i]}, {a.High[i]}] is not a finite interval";
                    _actSize = a.FlatSize;
                    break;
                default: return $"the action space is {env.ActionSpace}, neither Discrete nor Box";
            }
            _obs = obs;
            _action = env.ActionSpace;
            _obsSize = obs.FlatSize;
            return null;
        }

        string? Reset()
        {
            using IEnv<T> env = Make();
            T[] a = Filled(0), b = Filled(1);
            env.Reset(a, owner.Seed);
            env.Reset(b, owner.Seed);
            if (!Same(a, b)) return $"Reset(seed) leaves part of the observation unwritten, or the seed does not fix it (first difference at {FirstDifference(a, b)})";
            return OutOfSpace(a, "the reset observation");
        }

        string? Step()
        {
            using IEnv<T> env = Make();
            T[] obs = new T[_obsSize];
            float[] action = new float[_actSize];
            var rng = new Rng((ulong)owner.Seed);
            env.Reset(obs, owner.Seed);
            for (int t = 0; t < owner.Steps; t++)
            {
                Sample(ref rng, action);
                StepResult r = env.Step(action, obs);
                if (!float.IsFinite(r.Reward)) return $"step {t}: the reward is {r.Reward}";
                if (OutOfSpace(obs, $"step {t}: the observation") is string bad) return bad;
                if (r.Done) env.Reset(obs);
            }
            return null;
        }

        string? Determinism()
        {
            using IEnv<T> a = Make(), b = Make();
            T[] oa = new T[_obsSize], ob = new T[_obsSize], first = new T[_obsSize];
            float[] action = new float[_actSize];
            var rng = new Rng((ulong)owner.Seed + 1);
            a.Reset(oa, owner.Seed);
            b.Reset(ob, owner.Seed);
            oa.CopyTo(first, 0);
            if (!Same(oa, ob)) return "two envs reset with the same seed observe different values";
            int firstEpisode = -1;
            for (int t = 0; t < owner.Steps; t++)
            {
                Sample(ref rng, action);
                StepResult ra = a.Step(action, oa), rb = b.Step(action, ob);
                if (ra != rb) return $"step {t}: same seed and actions, different results ({ra} vs {rb})";
                if (!Same(oa, ob)) return $"step {t}: same seed and actions, different observations (element {FirstDifference(oa, ob)})";
                if (ra.Done)
                {
                    if (firstEpisode < 0) firstEpisode = t + 1;
                    a.Reset(oa);
                    b.Reset(ob);
                    if (!Same(oa, ob)) return $"step {t}: resets without a seed diverge: the RNG stream depends on something else";
                }
            }
            a.Reset(oa, owner.Seed);
            if (!Same(oa, first)) return "Reset(seed) does not re-seed: a second reset with the same seed starts elsewhere";
            return null;
        }

        string? StepWritesObservation()
        {
            using IEnv<T> a = Make(), b = Make();
            T[] oa = new T[_obsSize], ob = new T[_obsSize];
            float[] action = new float[_actSize];
            var rng = new Rng((ulong)owner.Seed + 2);
            a.Reset(oa, owner.Seed);
            b.Reset(ob, owner.Seed);
            for (int t = 0; t < owner.Steps; t++)
            {
                Sample(ref rng, action);
                Fill(oa, 0);
                Fill(ob, 1);
                StepResult ra = a.Step(action, oa);
                b.Step(action, ob);
                if (!Same(oa, ob)) return $"step {t}: the observation buffer is not overwritten (element {FirstDifference(oa, ob)} keeps its old value)";
                if (ra.Done)
                {
                    Fill(oa, 0);
                    Fill(ob, 1);
                    a.Reset(oa);
                    b.Reset(ob);
                    if (!Same(oa, ob)) return $"step {t}: Reset without a seed leaves part of the observation unwritten (element {FirstDifference(oa, ob)})";
                }
            }
            return null;
        }

        string? Autoreset()
        {
            const int n = 2;
            using var venv = new VectorEnv<T>(Enumerable.Range(0, n).Select(_ => Make()).ToArray());
            IEnv<T>[] refs = [.. Enumerable.Range(0, n).Select(_ => Make())];
            try
            {
                T[][] obs = [.. Enumerable.Range(0, n).Select(_ => new T[_obsSize])];
                T[] final = new T[_obsSize];
                float[] actions = new float[n * _actSize];
                var rng = new Rng((ulong)owner.Seed + 3);
                venv.Reset(owner.Seed);
                for (int i = 0; i < n; i++) refs[i].Reset(obs[i], owner.Seed + i);
                int ended = 0;
                for (int t = 0; t < owner.AutoresetSteps && ended < 2; t++)
                {
                    Sample(ref rng, actions);
                    venv.Step(actions);
                    for (int i = 0; i < n; i++)
                    {
                        StepResult r = refs[i].Step(actions.AsSpan(i * _actSize, _actSize), obs[i]);
                        if (venv.Rewards[i] != r.Reward || venv.Terminated[i] != r.Terminated || venv.Truncated[i] != r.Truncated)
                            return $"step {t}, env {i}: the vector env reports different reward or flags than the env stepped alone";
                        if (r.Done)
                        {
                            ended++;
                            obs[i].CopyTo(final, 0);
                            if (!Same(final, venv.FinalObservation(i).ToArray())) return $"step {t}, env {i}: FinalObservations does not hold the last observation";
                            if (OutOfSpace(final, $"step {t}: the final observation") is string bad) return bad;
                            refs[i].Reset(obs[i]);
                        }
                        if (!Same(obs[i], venv.Observation(i).ToArray()))
                            return $"step {t}, env {i}: the vector env's observation differs from the env stepped alone{(r.Done ? " after the autoreset" : "")}";
                    }
                }
                return ended == 0 ? $"{SkipPrefix}no episode ended in {owner.AutoresetSteps} random steps" : null;
            }
            finally
            {
                foreach (IEnv<T> e in refs) e.Dispose();
            }
        }

        string? NoAllocation()
        {
            using IEnv<T> env = Make();
            T[] obs = new T[_obsSize];
            float[] action = new float[_actSize];
            var rng = new Rng((ulong)owner.Seed + 4);
            env.Reset(obs, owner.Seed);
            long Measure(int steps, ref Rng r)
            {
                long bytes = 0;
                for (int t = 0; t < steps; t++)
                {
                    Sample(ref r, action);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    bool done = env.Step(action, obs).Done;
                    bytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    if (done) env.Reset(obs);
                }
                return bytes;
            }
            Measure(owner.Steps, ref rng);   // warm up: JIT tiers, lazy caches
            // The least of three rounds: an env that allocates per step does so in every round, while the runtime's
            // own one-off work (a tier-1 method installed mid-round on a loaded machine) lands in one of them at most.
            long allocated = Measure(owner.Steps, ref rng);
            for (int round = 1; round < 3 && allocated > 0; round++) allocated = Math.Min(allocated, Measure(owner.Steps, ref rng));
            return allocated == 0 ? null : $"Step allocated {allocated} bytes over {owner.Steps} steps ({allocated / (double)owner.Steps:0.#} per step)";
        }

        void Sample(ref Rng rng, Span<float> actions)
        {
            for (int k = 0; k < actions.Length; k += _actSize)
            {
                if (_action is Discrete d) actions[k] = rng.NextInt(d.N);
                else
                {
                    var box = (Box)_action;
                    for (int j = 0; j < _actSize; j++) actions[k + j] = (float)rng.Uniform(box.Low[j], box.High[j]);
                }
            }
        }

        string? OutOfSpace(T[] o, string what)
        {
            if (o is float[] f)
            {
                for (int i = 0; i < f.Length; i++)
                    if (!(f[i] >= _obs.Low[i] && f[i] <= _obs.High[i])) return $"{what} is outside the space: element {i} = {f[i]} not in [{_obs.Low[i]}, {_obs.High[i]}]";
            }
            else if (o is byte[] b)
            {
                for (int i = 0; i < b.Length; i++)
                    if (b[i] < _obs.Low[i] || b[i] > _obs.High[i]) return $"{what} is outside the space: element {i} = {b[i]} not in [{_obs.Low[i]}, {_obs.High[i]}]";
            }
            return null;
        }

        /// <summary>A buffer of sentinels: NaN or 0 (<paramref name="kind"/> 0), 12345 or 255 (1), so that unwritten elements show.</summary>
        T[] Filled(int kind)
        {
            var a = new T[_obsSize];
            Fill(a, kind);
            return a;
        }

        static void Fill(T[] a, int kind)
        {
            if (a is float[] f) f.AsSpan().Fill(kind == 0 ? float.NaN : 12345.678f);
            else if (a is byte[] b) b.AsSpan().Fill(kind == 0 ? (byte)0 : (byte)255);
        }

        static bool Same(T[] a, T[] b) => MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

        static int FirstDifference(T[] a, T[] b)
        {
            ReadOnlySpan<byte> x = MemoryMarshal.AsBytes(a.AsSpan()), y = MemoryMarshal.AsBytes(b.AsSpan());
            int byteIndex = x.CommonPrefixLength(y);
            return byteIndex / Marshal.SizeOf<T>();
        }
    }
}
