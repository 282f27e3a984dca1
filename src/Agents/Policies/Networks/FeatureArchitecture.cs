using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// One feature-extractor architecture (the observation → feature-vector trunk): its YAML/bundle name,
/// its layers, and, from the observation shape alone, before anything is built, its output size,
/// parameter names and shapes, and FLOPs per forward. Config validation, <see cref="ActorCritic"/>,
/// bundles and their parameter budget all read it; <see cref="NetworkRegistry"/> lists them.
/// </summary>
public abstract class FeatureArchitecture
{
    /// <summary>The name in `policy.type` and in a bundle's metadata.</summary>
    public abstract string Name { get; }

    /// <summary>True when the architecture needs HWC byte image observations.</summary>
    public abstract bool NeedsImage { get; }

    /// <summary>The trunk's static facts for one observation of <paramref name="shape"/>, or null when the image is too small for it.</summary>
    public abstract FeaturePlan? Plan(IReadOnlyList<int> shape, bool isImage);

    /// <summary>Builds the module (layer init draws from torch's global generator: the caller holds <see cref="GlobalTorchRng.Gate"/>).</summary>
    protected abstract Module<Tensor, Tensor> BuildUnlocked(IReadOnlyList<int> shape, bool isImage);

    /// <summary>The module and the size of the features it produces; an image too small for the architecture is an ArgumentException.</summary>
    public (Module<Tensor, Tensor> Module, int Features) Build(IReadOnlyList<int> shape, bool isImage)
    {
        if (NeedsImage && !isImage) throw new ArgumentException($"{Name} needs image observations");
        if (isImage && shape.Count != 3) throw new ArgumentException("image observations must be H×W×C");
        FeaturePlan plan = Plan(shape, isImage) ?? throw new ArgumentException($"the image {shape[0]}x{shape[1]} is too small for {Name}");
        lock (GlobalTorchRng.Gate) return (BuildUnlocked(shape, isImage), plan.OutputSize);
    }

    /// <summary>[B, H, W, C] bytes → [B, C, H, W] floats in [0, 1], so rollout buffers of pixels stay bytes.</summary>
    protected static Module<Tensor, Tensor> OnPixels(Module<Tensor, Tensor> body) =>
        Sequential(("pixels", new PixelsToFloat()), ("body", body));

    sealed class PixelsToFloat() : Module<Tensor, Tensor>("pixels_to_float")
    {
        // A held Scalar: an implicit one can be finalised during the native call (HeldScalars' doc).
        static readonly Scalar ByteRange = 255f;

        public override Tensor forward(Tensor x) => x.permute(0, 3, 1, 2).to(ScalarType.Float32).div_(ByteRange);
    }
}
