using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Bundles;

/// <summary>
/// A policy architecture from the closed list a bundle may declare: features (an MLP on vectors or
/// pixels, the MIT CNN or the Nature CNN), hidden sizes and activation, the action head, and whether
/// a critic is present. Its parameter count is computed from the sizes alone, before anything is built.
/// </summary>
public sealed record BundleArchitecture(string Type, IReadOnlyList<int> Hidden, string Activation, ActionHead Head, bool Critic)
{
    public static readonly string[] Types = ["mlp", "mit_cnn", "nature_cnn"];
    public static readonly string[] Activations = ["tanh", "relu"];
    public const int MaxLayers = 8;
    public const int MaxWidth = 65_536;

    public static string HeadName(ActionHead head) => head switch
    {
        ActionHead.Categorical => "categorical",
        ActionHead.Gaussian => "gaussian",
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
        double features;
        double total = 0;
        if (!image || Type == "mlp") features = observation.FlatSize;
        else
        {
            var (h, w, c) = (observation.Shape[0], observation.Shape[1], observation.Shape[2]);
            (int Out, int K, int S)[] convs = Type == "mit_cnn" ? [(32, 5, 2), (48, 5, 2), (64, 3, 2), (64, 3, 2)] : [(32, 8, 4), (64, 4, 2), (64, 3, 1)];
            int channels = c;
            foreach (var (outC, k, s) in convs)
            {
                h = h < k ? 0 : (h - k) / s + 1;
                w = w < k ? 0 : (w - k) / s + 1;
                if (h <= 0 || w <= 0) return null;
                total += (double)k * k * channels * outC + outC;
                channels = outC;
            }
            int dense = Type == "mit_cnn" ? 128 : 512;
            total += (double)h * w * channels * dense + dense;
            features = dense;
        }
        int actions = action is Discrete ? 1 : action.FlatSize;
        int actorOut = Head switch { ActionHead.Categorical => ((Discrete)action).N, ActionHead.MitGaussian => 2 * actions, _ => actions };
        total += Mlp(features, actorOut);
        if (Critic) total += Mlp(features, 1);
        if (Head == ActionHead.Gaussian) total += actions;
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
