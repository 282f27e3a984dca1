using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>SAC's entropy temperature, learned as log α (so α stays positive), as SB3's log_ent_coef.</summary>
public sealed class Temperature : nn.Module
{
    readonly Parameter log_alpha;

    public Temperature(double alpha) : base("temperature")
    {
        log_alpha = new Parameter(tensor((float)Math.Log(alpha)));
        RegisterComponents();
    }

    public Parameter LogAlpha => log_alpha;

    /// <summary>α now, as a constant of the losses (no gradient).</summary>
    public Tensor Alpha() => log_alpha.detach().exp();
}
