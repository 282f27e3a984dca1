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

    /// <summary>
    /// A max pool of a square binary image of side <paramref name="side"/> over column pairs and
    /// <paramref name="rows"/> rows (2: the 40×40 `small` image; 1: the 80×40 `tall` one), into
    /// side/rows × side/2.
    /// </summary>
    public static void MaxPool(ReadOnlySpan<byte> src, int side, int rows, Span<byte> dst)
    {
        int half = side / 2;
        for (int i = 0; i < side / rows; i++)
        {
            // With one row, first and last are the same row.
            ReadOnlySpan<byte> first = src.Slice(rows * i * side, side), last = src.Slice((rows * i + rows - 1) * side, side);
            Span<byte> pooled = dst.Slice(i * half, half);
            for (int j = 0; j < half; j++)
                pooled[j] = Math.Max(Math.Max(first[2 * j], first[2 * j + 1]), Math.Max(last[2 * j], last[2 * j + 1]));
        }
    }

    /// <summary>
    /// A mean pool of a square binary image over 2×2 blocks, into side/2 × side/2: a pixel holds the lit
    /// share of its four (0, 63, 127, 191, 255), so where the ball and a paddle's end sit inside a block survives.
    /// </summary>
    public static void MeanPool(ReadOnlySpan<byte> src, int side, Span<byte> dst)
    {
        int half = side / 2;
        for (int i = 0; i < half; i++)
        {
            ReadOnlySpan<byte> first = src.Slice(2 * i * side, side), second = src.Slice((2 * i + 1) * side, side);
            Span<byte> pooled = dst.Slice(i * half, half);
            for (int j = 0; j < half; j++)
                pooled[j] = (byte)((first[2 * j] + first[2 * j + 1] + second[2 * j] + second[2 * j + 1]) / 4);
        }
    }
}
