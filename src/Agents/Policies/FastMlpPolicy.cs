using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Policies;

/// <summary>
/// Rollout inference for small MLP policies in C#: the actor and critic weights are copied out of the
/// torch module (<see cref="Sync"/>, after each update) and a step is a few SIMD multiply-adds per
/// layer, with no libtorch call. The learner still uses the torch module, so PPO's update is unchanged;
/// only the float rounding of the rollout's forward pass differs (a few ulps). Sampling noise comes
/// from the run's torch generator, one draw per <see cref="Sync"/> for a whole rollout, so checkpoints
/// and resumes stay deterministic.
/// </summary>
public sealed class FastMlpPolicy : IRolloutPolicy<float>
{
    static readonly float LogSqrt2Pi = (float)(0.5 * Math.Log(2 * Math.PI));

    /// <summary>A linear layer, weights stored input-major ([in, out]) so a forward pass is axpy over outputs.</summary>
    sealed class Layer(string prefix, int input, int output)
    {
        public readonly string Prefix = prefix;
        public readonly int In = input, Out = output;
        public readonly float[] WeightT = new float[input * output];
        public readonly float[] Bias = new float[output];
        public readonly float[] Staging = new float[input * output];
    }

    readonly ActorCritic _module;
    readonly Layer[] _actor, _critic;
    readonly float[] _logStd;
    // The bounded head's map of tanh(x) into the Box.
    readonly float[] _boxScale, _boxBias;
    readonly bool _tanh;
    readonly int _obs, _batch, _actorOut, _steps;
    readonly float[] _a, _b;
    readonly int _noisePerStep;
    float[] _noise = [];
    int _noiseAt;
    Generator? _noiseGenerator;

    /// <summary>Off with RLLAB_FAST_MLP=0 (to compare with the torch rollout; docs/speed.md).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("RLLAB_FAST_MLP") != "0";

    /// <summary>
    /// The fast path for a module when it is an MLP on vector observations (no CNN) with tanh or ReLU
    /// activations and float observations; null otherwise.
    /// </summary>
    public static IRolloutPolicy<TObs>? TryCreate<TObs>(ActorCritic module, int observationSize, int batch, int steps) where TObs : unmanaged =>
        typeof(TObs) == typeof(float) && module.Head != ActionHead.TanhGaussian && Activation(module) is bool tanh
            ? (IRolloutPolicy<TObs>)(object)new FastMlpPolicy(module, tanh, observationSize, batch, steps)
            : null;

    /// <summary>true: tanh, false: ReLU, null: not a plain MLP (a CNN, or another activation).</summary>
    static bool? Activation(ActorCritic module)
    {
        if (module.named_parameters().Any(p => p.name.StartsWith("features.", StringComparison.Ordinal))) return null;
        var acts = module.named_modules().Where(m => m.name.StartsWith("actor.act", StringComparison.Ordinal) || m.name.StartsWith("critic.act", StringComparison.Ordinal))
            .Select(m => m.module.GetType().Name).Distinct().ToList();
        return acts switch
        {
            ["Tanh"] => true,
            ["ReLU"] => false,
            [] => true, // no hidden layer: no activation to apply
            _ => null,
        };
    }

    /// <param name="tanh">The hidden layers' activation: tanh (true) or ReLU.</param>
    /// <param name="steps">Steps per rollout, for the noise drawn after each <see cref="Sync"/>.</param>
    public FastMlpPolicy(ActorCritic module, bool tanh, int observationSize, int batch, int steps)
    {
        _module = module;
        _tanh = tanh;
        _obs = observationSize;
        _batch = batch;
        _steps = steps;
        _actor = Layers("actor", module);
        _critic = module.HasCritic ? Layers("critic", module) : [];
        _actorOut = _actor[^1].Out;
        int widest = _actor.Concat(_critic).Max(l => Math.Max(l.In, l.Out));
        _a = new float[widest];
        _b = new float[widest];
        _logStd = new float[module.Head is ActionHead.Gaussian or ActionHead.BoundedGaussian ? module.ActionSize : 0];
        _boxScale = module.BoxScale.ToArray();
        _boxBias = module.BoxBias.ToArray();
        _noisePerStep = batch * (module.Head == ActionHead.Categorical ? 1 : module.ActionSize);
        Sync();
    }

    static Layer[] Layers(string part, ActorCritic module)
    {
        var shapes = module.named_parameters().Where(p => p.name.StartsWith(part + ".", StringComparison.Ordinal) && p.name.EndsWith(".weight", StringComparison.Ordinal))
            .Select(p => (Prefix: p.name[..^".weight".Length], Out: (int)p.parameter.shape[0], In: (int)p.parameter.shape[1])).ToList();
        if (shapes.Count == 0) throw new ArgumentException($"the {part} has no linear layers");
        return [.. shapes.Select(s => new Layer(s.Prefix, s.In, s.Out))];
    }

    /// <summary>Copies the module's weights (one copy per parameter) and draws the next rollout's noise.</summary>
    public void Sync()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parameters = _module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (Layer layer in _actor.Concat(_critic))
        {
            Read(parameters[layer.Prefix + ".weight"], layer.Staging);
            for (int o = 0; o < layer.Out; o++)
                for (int i = 0; i < layer.In; i++)
                    layer.WeightT[i * layer.Out + o] = layer.Staging[o * layer.In + i];
            Read(parameters[layer.Prefix + ".bias"], layer.Bias);
        }
        if (_logStd.Length > 0) Read(parameters["log_std"], _logStd);
        _noiseAt = _noise.Length; // drawn lazily from the generator the rollout passes in
    }

    static void Read(Tensor t, float[] into) => t.detach().cpu().contiguous().data<float>().CopyTo(into, 0, 0);

    // Straight to optimised code: at tier 0 these loops cost 3x for the first seconds of a short run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Act(ReadOnlySpan<float> observations, Span<float> actions, Span<float> logProbs, Span<float> values,
                    bool deterministic, Generator? generator)
    {
        ReadOnlySpan<float> noise = deterministic ? default : Noise(generator!);
        int a = _module.ActionSize;
        for (int e = 0; e < _batch; e++)
        {
            ReadOnlySpan<float> x = observations.Slice(e * _obs, _obs);
            ReadOnlySpan<float> o = Forward(_actor, x);
            float logProb;
            Span<float> act = actions.Slice(e * a, a);
            switch (_module.Head)
            {
                case ActionHead.Categorical:
                    logProb = Categorical(o, deterministic ? -1 : noise[e], out int k);
                    act[0] = k;
                    break;
                case ActionHead.Gaussian:
                    logProb = 0;
                    for (int j = 0; j < a; j++)
                    {
                        float std = MathF.Exp(_logStd[j]);
                        logProb += Gaussian(o[j], std, deterministic ? 0 : noise[e * a + j], _logStd[j], out act[j]);
                    }
                    break;
                case ActionHead.BoundedGaussian:
                    logProb = 0;
                    for (int j = 0; j < a; j++)
                    {
                        float std = MathF.Exp(_logStd[j]), mean = _boxBias[j] + _boxScale[j] * MathF.Tanh(o[j]);
                        logProb += Gaussian(mean, std, deterministic ? 0 : noise[e * a + j], _logStd[j], out act[j]);
                    }
                    break;
                default:
                    logProb = 0;
                    for (int j = 0; j < a; j++)
                    {
                        float mean = MathF.Tanh(o[j]) / 8f, std = 0.1f / (1f + MathF.Exp(-o[a + j])) + 0.005f;
                        logProb += Gaussian(mean, std, deterministic ? 0 : noise[e * a + j], MathF.Log(std), out act[j]);
                    }
                    break;
            }
            if (!logProbs.IsEmpty) logProbs[e] = logProb;
            if (!values.IsEmpty && _critic.Length > 0) values[e] = Forward(_critic, x)[0];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Values(ReadOnlySpan<float> observations, Span<float> values)
    {
        if (_critic.Length == 0) throw new InvalidOperationException("this policy has no critic");
        for (int e = 0; e < _batch; e++) values[e] = Forward(_critic, observations.Slice(e * _obs, _obs))[0];
    }

    // Categorical: log-softmax, then the inverse CDF at u (or the arg-max when u < 0).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    float Categorical(ReadOnlySpan<float> logits, float u, out int k)
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < logits.Length; j++) max = MathF.Max(max, logits[j]);
        float sum = 0;
        for (int j = 0; j < logits.Length; j++) sum += MathF.Exp(logits[j] - max);
        float lse = max + MathF.Log(sum);
        k = 0;
        if (u < 0)
        {
            for (int j = 1; j < logits.Length; j++) if (logits[j] > logits[k]) k = j;
        }
        else
        {
            float cdf = 0, target = u * sum;
            for (k = 0; k < logits.Length - 1; k++)
            {
                cdf += MathF.Exp(logits[k] - max);
                if (target < cdf) break;
            }
        }
        return logits[k] - lse;
    }

    // N(mean, std²): the sample mean + std·n and its log-density, computed from the action as torch does.
    static float Gaussian(float mean, float std, float n, float logStd, out float action)
    {
        action = mean + std * n;
        float z = (action - mean) / std;
        return -0.5f * z * z - logStd - LogSqrt2Pi;
    }

    /// <summary>This step's noise: uniform [0, 1) for categorical heads, standard normal otherwise.</summary>
    ReadOnlySpan<float> Noise(Generator generator)
    {
        if (_noiseAt + _noisePerStep > _noise.Length || !ReferenceEquals(generator, _noiseGenerator))
        {
            using var scope = NewDisposeScope();
            long n = (long)_steps * _noisePerStep;
            Tensor drawn = _module.Head == ActionHead.Categorical ? rand(n, generator: generator) : randn(n, generator: generator);
            if (_noise.Length != n) _noise = new float[n];
            drawn.data<float>().CopyTo(_noise, 0, 0);
            _noiseAt = 0;
            _noiseGenerator = generator;
        }
        var span = _noise.AsSpan(_noiseAt, _noisePerStep);
        _noiseAt += _noisePerStep;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    ReadOnlySpan<float> Forward(Layer[] layers, ReadOnlySpan<float> x)
    {
        for (int l = 0; l < layers.Length; l++)
        {
            Layer layer = layers[l];
            Span<float> y = (l % 2 == 0 ? _a : _b).AsSpan(0, layer.Out);
            layer.Bias.CopyTo(y);
            for (int i = 0; i < layer.In; i++) Axpy(x[i], layer.WeightT.AsSpan(i * layer.Out, layer.Out), y);
            if (l < layers.Length - 1)
            {
                if (_tanh) Tanh(y);
                else for (int j = 0; j < y.Length; j++) y[j] = MathF.Max(y[j], 0);
            }
            x = y;
        }
        return x;
    }

    // tanh in place, Vector<float> wide, as sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|): within 1.1e-7 of
    // the exact value over [−10, 10]. A scalar MathF.Tanh per unit was most of a step's cost, and
    // TensorPrimitives.Tanh stays at tier 0 for the first second of a short run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tanh(Span<float> y)
    {
        int i = 0, n = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var two = new Vector<float>(2f);
            for (; i + n <= y.Length; i += n)
            {
                var x = new Vector<float>(y[i..]);
                var e = Vector.Exp(-two * Vector.Abs(x));
                var t = (Vector<float>.One - e) / (Vector<float>.One + e);
                Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -t, t).CopyTo(y[i..]);
            }
        }
        for (; i < y.Length; i++) y[i] = MathF.Tanh(y[i]);
    }

    // y += a·w, Vector<float> wide.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Axpy(float a, ReadOnlySpan<float> w, Span<float> y)
    {
        int i = 0, n = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i + n <= y.Length; i += n)
                (new Vector<float>(y[i..]) + va * new Vector<float>(w[i..])).CopyTo(y[i..]);
        }
        for (; i < y.Length; i++) y[i] += a * w[i];
    }

    public void Dispose() { }
}
