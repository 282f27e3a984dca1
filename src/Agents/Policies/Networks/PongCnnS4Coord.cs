namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// `pong_cnn_s4_coord`: <see cref="PongCnnS4"/> with two coordinate channels beside the image's (CoordConv):
/// each pixel's column and row in [−1, 1]. The first layer can then carry where the ball and the paddles
/// are as activation values through the 9×9 and 4×4 maps, where without them a position inside a cell is left
/// to the filters' overlap. On 40×40×2 it costs about 1.07 MFLOP a forward against 0.74 (the first layer's inputs double).
/// </summary>
public sealed class PongCnnS4Coord() : ConvFeatures([new(16, 8, 4), new(32, 3, 2)], 256, orthogonal: true, coordinates: true)
{
    public override string Name => "pong_cnn_s4_coord";
}
