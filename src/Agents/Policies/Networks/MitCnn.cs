namespace RlLab.Agents.Policies.Networks;

/// <summary>`mit_cnn`, the MIT 6.S191 driving lab's CNN: 32 5×5/2, 48 5×5/2, 64 3×3/2, 64 3×3/2, then Dense 128.</summary>
public sealed class MitCnn() : ConvFeatures([new(32, 5, 2), new(48, 5, 2), new(64, 3, 2), new(64, 3, 2)], 128)
{
    public override string Name => "mit_cnn";
}
