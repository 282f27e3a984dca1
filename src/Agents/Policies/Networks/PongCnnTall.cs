namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// `pong_cnn_tall`, <see cref="PongCnnS4"/>'s trunk for `observation: tall` (80 rows × 40 columns, every
/// row of the MIT image): the first layer's 8×8 kernel steps 8 rows down and 4 columns across, so it
/// sees each row once and has the 40×40 recipe's 10×9 output positions, then 32 3×3/2 and Dense 256,
/// orthogonally initialised. On 80×40×2 it costs about 0.78 MFLOP a forward (conv 0.37 M, conv 0.15 M,
/// dense 0.26 M): the recipe's cost, with the vertical detail the aim depends on kept in the kernel.
/// </summary>
public sealed class PongCnnTall() : ConvFeatures([new(16, 8, 8, 8, 4), new(32, 3, 2)], 256, orthogonal: true)
{
    public override string Name => "pong_cnn_tall";
}
