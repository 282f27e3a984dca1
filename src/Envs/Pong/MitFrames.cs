namespace RlLab.Envs.Pong;

/// <summary>
/// The MIT 6.S191 Pong preprocessing, written once for the env's fast path and the wrapper: crop rows
/// 35..194, keep every second row and column of the red channel, erase the two background values
/// (144 and 109), and set every other pixel to 255.
/// </summary>
public static class MitFrames
{
    public const int CropTop = 35, Size = 80, Step = 2;
    public const byte On = 255;

    public static byte Binarise(byte red) => red is 144 or 109 ? (byte)0 : On;

    /// <summary>One 210×160×3 frame to the 80×80 binary image.</summary>
    public static void FromRgb(ReadOnlySpan<byte> rgb, int width, Span<byte> dst)
    {
        for (int i = 0; i < Size; i++)
        {
            int row = (CropTop + Step * i) * width * 3;
            for (int j = 0; j < Size; j++) dst[i * Size + j] = Binarise(rgb[row + Step * j * 3]);
        }
    }
}
