using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies;

/// <summary>
/// SAC's critic: two Q(s, a) networks (clipped double-Q, Fujimoto et al. 2018) on one feature
/// extractor of their own (the actor's is not shared, as SB3's SAC default), each an MLP on
/// [features, action] → one value. Actions enter in the actor's squashed units (−1..1).
/// </summary>
public sealed class TwinQ : Module<Tensor, Tensor, (Tensor Q1, Tensor Q2)>
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> q1;
    readonly Module<Tensor, Tensor> q2;

    /// <param name="seed">The initial weights are drawn from this seed, whatever other threads do meanwhile.</param>
    public TwinQ(Config.PolicyConfig config, IReadOnlyList<int> observationShape, bool image, int actionSize, long seed) : base("twin_q")
    {
        lock (GlobalTorchRng.Gate)
        {
            manual_seed(seed);
            (features, int width) = Networks.NetworkRegistry.Get(config.Type).Build(observationShape, image);
            q1 = Mlp.Create(width + actionSize, config.Hidden, config.Activation, 1, 1.0, config.Init);
            q2 = Mlp.Create(width + actionSize, config.Hidden, config.Activation, 1, 1.0, config.Init);
        }
        RegisterComponents();
    }

    /// <summary>Both estimates, each [B].</summary>
    public override (Tensor Q1, Tensor Q2) forward(Tensor observations, Tensor actions)
    {
        Tensor x = cat([features.call(observations), actions], 1);
        return (q1.call(x).squeeze(-1), q2.call(x).squeeze(-1));
    }
}
