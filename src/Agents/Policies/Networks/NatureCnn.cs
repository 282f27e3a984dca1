namespace RlLab.Agents.Policies.Networks;

/// <summary>`nature_cnn`, Mnih et al. 2015 (Nature DQN): 32 8×8/4, 64 4×4/2, 64 3×3/1, then Dense 512.</summary>
public sealed class NatureCnn() : ConvFeatures([new(32, 8, 4), new(64, 4, 2), new(64, 3, 1)], 512)
{
    public override string Name => "nature_cnn";
}
