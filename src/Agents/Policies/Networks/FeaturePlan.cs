namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// What a feature trunk is for one observation shape, computed from sizes alone.
/// </summary>
/// <param name="OutputSize">Features per observation (the input width of the actor and critic MLPs).</param>
/// <param name="Parameters">Every parameter of the trunk by its name in the module (as in checkpoints and bundles, under the trunk's prefix) and shape.</param>
/// <param name="Flops">Floating-point operations of one forward pass of one observation: 2 × the multiply-adds of its convolutions and dense layers (biases and activations are not counted).</param>
public sealed record FeaturePlan(int OutputSize, IReadOnlyList<(string Name, long[] Shape)> Parameters, double Flops)
{
    /// <summary>The number of values the trunk's parameters hold.</summary>
    public double ParameterCount => Parameters.Sum(p => p.Shape.Aggregate(1.0, (a, b) => a * b));
}
