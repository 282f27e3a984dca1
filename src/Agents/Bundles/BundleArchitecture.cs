using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Policies.Networks;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Bundles;

/// <summary>
/// A policy architecture from the closed list a bundle may declare: features (an MLP on vectors or
/// pixels, the MIT CNN or the Nature CNN), hidden sizes and activation, the action head, and whether
/// a critic is present. Its parameter count is computed from the sizes alone, before anything is built.
/// </summary>
public sealed record BundleArchitecture(string Type, IReadOnlyList<int> Hidden, string Activation, ActionHead Head, bool Critic)
{
    /// <summary>The feature architectures a bundle may name (<see cref="NetworkRegistry"/>).</summary>
    public static IReadOnlyList<string> Types => NetworkRegistry.Names;
    public static readonly string[] Activations = ["tanh", "relu"];
    public const int MaxLayers = 8;
    public const int MaxWidth = 65_536;

    public static string HeadName(ActionHead head) => head switch
    {
        ActionHead.Categorical => "categorical",
        ActionHead.Gaussian => "gaussian",
        ActionHead.TanhGaussian => "tanh_gaussian",
        ActionHead.BoundedGaussian => "bounded_gaussian",
        _ => "mit_gaussian",
    };

    /// <summary>
    /// The policy section that builds this architecture. The initialiser is irrelevant, since every weight is
    /// then loaded; Glorot-uniform is the cheap one (orthogonal runs a QR per layer).
    /// </summary>
    public PolicyConfig ToPolicyConfig() => new(Type, Hidden, Activation, false, HeadName(Head), 0.0, "glorot");

    public ActorCritic Build(Space observation, Space action, long? seed = null) => new(ToPolicyConfig(), observation, action, Critic, seed);

    /// <summary>Parameters the built module will hold, or null when the image is too small for the CNN.</summary>
    public double? ParameterCount(Space observation, Space action)
    {
        bool image = observation is Box { DType: DType.UInt8 };
        if (NetworkRegistry.Get(Type).Plan(observation.Shape, image) is not FeaturePlan plan) return null;
        double features = plan.OutputSize;
        double total = plan.ParameterCount;
        int actions = action is Discrete ? 1 : action.FlatSize;
        int actorOut = Head switch { ActionHead.Categorical => ((Discrete)action).N, ActionHead.MitGaussian or ActionHead.TanhGaussian => 2 * actions, _ => actions };
        total += Mlp(features, actorOut);
        if (Critic) total += Mlp(features, 1);
        if (Head is ActionHead.Gaussian or ActionHead.BoundedGaussian) total += actions;
        return total;
    }

    double Mlp(double input, int output)
    {
        double n = 0, width = input;
        foreach (int h in Hidden)
        {
            n += width * h + h;
            width = h;
        }
        return n + width * output + output;
    }
}
