using RlLab.Agents.Config;
using RlLab.Agents.Distributions;
using RlLab.Agents.Tensors;
using RlLab.Envs.Spaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies;

/// <summary>How the actor's output becomes a distribution.</summary>
public enum ActionHead { Categorical, Gaussian, MitGaussian, TanhGaussian, BoundedGaussian }

/// <summary>
/// Features → actor (and optionally critic). The actor outputs logits (categorical), a mean
/// (Gaussian with a state-independent log-std; bounded: the mean tanh-mapped into the Box) or
/// [mu, sigma-logits] (MIT: mu = tanh/8, sigma = 0.1·sigmoid + 0.005) or [mean, log-std] of a
/// tanh-squashed Gaussian scaled to the Box bounds (SAC's actor, <see cref="SquashedGaussian"/>).
/// The critic outputs V(s).
/// </summary>
public sealed class ActorCritic : Module<Tensor, (Tensor ActorOut, Tensor? Value)>
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> actor;
    readonly Module<Tensor, Tensor>? critic;
    readonly Parameter? log_std;
    // The Box's affine map for the squashed and bounded heads: plain arrays, so they are no module state (a bundle's action.low/high carry them).
    readonly float[] _squashScale = [], _squashBias = [];

    /// <param name="seed">When given, the initial weights are drawn from this seed, whatever other threads do meanwhile.</param>
    public ActorCritic(PolicyConfig config, Space observation, Space action, bool withCritic, long? seed = null) : base("actor_critic")
    {
        Config = config;
        lock (GlobalTorchRng.Gate)
        {
            if (seed is long s) manual_seed(s);
            bool image = observation is Box { DType: DType.UInt8 };
            (features, int width) = Networks.NetworkRegistry.Get(config.Type).Build(observation.Shape, image);
    
            Head = (config.Distribution, action) switch
            {
                ("auto" or "categorical", Discrete) => ActionHead.Categorical,
                ("auto" or "gaussian", Box) => ActionHead.Gaussian,
                ("mit_gaussian", Box) => ActionHead.MitGaussian,
                ("tanh_gaussian", Box) => ActionHead.TanhGaussian,
                ("bounded_gaussian", Box) => ActionHead.BoundedGaussian,
                _ => throw new ArgumentException($"policy.distribution '{config.Distribution}' does not fit the action space {action}"),
            };
            ActionSize = action is Discrete ? 1 : action.FlatSize;
            int actorOut = Head switch
            {
                ActionHead.Categorical => ((Discrete)action).N,
                ActionHead.MitGaussian or ActionHead.TanhGaussian => 2 * ActionSize,
                _ => ActionSize,
            };
            actor = Mlp.Create(width, config.Hidden, config.Activation, actorOut, 0.01, config.Init);
            if (withCritic) critic = Mlp.Create(width, config.Hidden, config.Activation, 1, 1.0, config.Init);
            if (Head is ActionHead.Gaussian or ActionHead.BoundedGaussian) log_std = new Parameter(full(ActionSize, config.InitLogStd));
            if (Head is ActionHead.TanhGaussian or ActionHead.BoundedGaussian)
            {
                var box = (Box)action;
                if (box.Low.Concat(box.High).Any(x => !float.IsFinite(x)))
                    throw new ArgumentException($"policy.distribution '{config.Distribution}' needs a bounded action space, not {action}");
                _squashScale = [.. box.Low.Zip(box.High, (l, h) => (h - l) / 2)];
                _squashBias = [.. box.Low.Zip(box.High, (l, h) => (h + l) / 2)];
            }
        }
        RegisterComponents();
    }

    /// <summary>The policy section it was built from (SAC builds its Q-networks alike).</summary>
    public PolicyConfig Config { get; }
    public ActionHead Head { get; }
    public int ActionSize { get; }
    public bool HasCritic => critic is not null;

    /// <summary>The Box's half-range and centre per action for the squashed and bounded heads (empty otherwise).</summary>
    public ReadOnlySpan<float> BoxScale => _squashScale;
    public ReadOnlySpan<float> BoxBias => _squashBias;

    public override (Tensor ActorOut, Tensor? Value) forward(Tensor observations)
    {
        Tensor f = features.call(observations);
        return (actor.call(f), critic?.call(f).squeeze(-1));
    }

    /// <summary>The mean standard deviation of a Gaussian head's state-independent log-std, or NaN for other heads (for the logs).</summary>
    public double MeanStd()
    {
        if (log_std is null) return double.NaN;
        using var _ = torch.no_grad();
        using Tensor std = log_std.exp().mean();
        return std.item<float>();
    }

    public Tensor Value(Tensor observations) =>
        critic is null ? throw new InvalidOperationException("this policy has no critic") : critic.call(features.call(observations)).squeeze(-1);

    public IActionDistribution Distribution(Tensor actorOut)
    {
        switch (Head)
        {
            case ActionHead.Categorical:
                return new Distributions.Categorical(actorOut);
            case ActionHead.Gaussian:
                return new DiagGaussian(actorOut, log_std!.exp().expand_as(actorOut));
            case ActionHead.BoundedGaussian:
            {
                // The mean stays inside the Box, so a clipped action can always be left again (docs/benchmarks.md, "The bounded mean").
                Tensor halfRange = tensor(_squashScale, device: actorOut.device), centre = tensor(_squashBias, device: actorOut.device);
                return new DiagGaussian(actorOut.tanh().mul(halfRange).Plus(centre), log_std!.exp().expand_as(actorOut));
            }
            case ActionHead.TanhGaussian:
            {
                Tensor[] halves = actorOut.chunk(2, -1);
                return new SquashedGaussian(halves[0], halves[1].clamp(SquashedGaussian.LogStdMin, SquashedGaussian.LogStdMax),
                    tensor(_squashScale, device: actorOut.device), tensor(_squashBias, device: actorOut.device));
            }
            default:
                Tensor[] parts = actorOut.chunk(2, -1);
                // The constants are Scalars held until the ops return: an implicit temporary can be finalised while the
                // native call still reads it (a test failed under load with "Expected false to be true" in Scalar::toFloat).
                using (Scalar eighth = 8.0, scale = 0.1, floor = 0.005)
                    return new DiagGaussian(parts[0].tanh().div(eighth), parts[1].sigmoid().mul(scale).Plus(floor));
        }
    }
}
