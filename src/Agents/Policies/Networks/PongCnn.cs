namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// `pong_cnn`, the CPU Pong recipe's trunk for `observation: small` (40×40) with a stack of 2:
/// 16 5×5/2, 32 3×3/2, then Dense 256, orthogonally initialised. On 40×40×2 it costs about
/// 2.16 MFLOP a forward (conv 0.52 M, conv 0.59 M, dense 1.05 M), a ninth of the Nature CNN on
/// 84×84×4 (18.7 M).
/// </summary>
public sealed class PongCnn() : ConvFeatures([new(16, 5, 2), new(32, 3, 2)], 256, orthogonal: true)
{
    public override string Name => "pong_cnn";
}
