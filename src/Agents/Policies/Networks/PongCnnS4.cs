namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// `pong_cnn_s4`, the CPU Pong recipe's trunk for `observation: small` (40×40) with a stack of 2:
/// 16 8×8/4, 32 3×3/2, then Dense 256, orthogonally initialised. On 40×40×2 it costs about
/// 0.74 MFLOP a forward (conv 0.33 M, conv 0.15 M, dense 0.26 M). The stride of 4 in the first layer,
/// more than the FLOPs, is what makes it cheap on a CPU: `pong_cnn`'s learning step costs about 6× this
/// one's, most of it in its 5×5/2 first layer over an 18×18 map (docs/pong.md).
/// </summary>
public sealed class PongCnnS4() : ConvFeatures([new(16, 8, 4), new(32, 3, 2)], 256, orthogonal: true)
{
    public override string Name => "pong_cnn_s4";
}
