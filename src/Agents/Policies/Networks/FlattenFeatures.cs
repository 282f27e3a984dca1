using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RlLab.Agents.Policies.Networks;

/// <summary>`mlp`: no trunk. Vectors pass through flattened; images become CHW floats in [0, 1], flattened (an MLP on raw pixels).</summary>
public sealed class FlattenFeatures : FeatureArchitecture
{
    public override string Name => "mlp";
    public override bool NeedsImage => false;

    public override FeaturePlan? Plan(IReadOnlyList<int> shape, bool isImage) =>
        new(shape.Aggregate(1, (a, b) => a * b), [], 0);

    protected override Module<Tensor, Tensor> BuildUnlocked(IReadOnlyList<int> shape, bool isImage) =>
        isImage ? OnPixels(Flatten()) : Flatten();
}
