using RlLab.Envs.Pong;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// The MIT 6.S191 Pong preprocessing on a 210×160 RGB frame: crop rows 35..194, downsample by 2,
/// erase the background, binarise to an 80×80×1 byte image (0 or 255). Combine with
/// <see cref="FrameDifference"/> for the lab's input.
/// </summary>
public sealed class MitPreprocess : Wrapper<byte>
{
    readonly byte[] _frame;
    readonly int _width;

    public MitPreprocess(IEnv<byte> inner) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.UInt8 } box || box.Shape.Count != 3 || box.Shape[2] != 3
            || box.Shape[0] < MitFrames.CropTop + MitFrames.Step * MitFrames.Size || box.Shape[1] < MitFrames.Step * MitFrames.Size)
            throw new ArgumentException($"mit_preprocess needs RGB frames of at least 195x160, got {inner.ObservationSpace}");
        _width = box.Shape[1];
        _frame = new byte[box.FlatSize];
    }

    public override Space ObservationSpace { get; } = Box.Image(MitFrames.Size, MitFrames.Size, 1);

    public override void Reset(Span<byte> observation, int? seed = null)
    {
        Inner.Reset(_frame, seed);
        MitFrames.FromRgb(_frame, _width, observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        StepResult r = Inner.Step(action, _frame);
        MitFrames.FromRgb(_frame, _width, observation);
        return r;
    }
}
