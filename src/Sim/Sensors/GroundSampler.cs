using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RlLab.Sim.Tracks;

namespace RlLab.Sim.Sensors;

/// <summary>
/// The inner loop both image renderers share: colour a run of pixels whose ground positions, in
/// grid cells, start at (gx, gy) and advance by (sx, sy) per pixel. Each pixel is one load from the
/// signed-distance grid and one palette lookup. With AVX2 it does 8 pixels per iteration with two
/// gathers; otherwise a scalar loop gives the same bytes. Positions are clamped to the grid, whose
/// border cells are far grass, so no bounds branch is needed.
/// </summary>
static unsafe class GroundSampler
{
    // pshufb masks: keep bytes 0-2 of each 4-byte pixel (RGB) or byte 0 (grey), per 128-bit lane.
    static readonly Vector128<byte> RgbMask = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
    static readonly Vector128<byte> GreyMask = Vector128.Create((byte)0, 4, 8, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    /// <summary>Writes <paramref name="count"/> pixels at <paramref name="dst"/>; <paramref name="end"/> bounds the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(TrackGrid grid, sbyte* sdf, uint* lut, float gx, float gy, float sx, float sy, int count, int channels, byte* dst, byte* end) =>
        Row(grid, sdf, lut, gx, gy, sx, sy, null, count, channels, dst, end);

    /// <summary>
    /// As above, but pixel c sits at position <paramref name="columns"/>[c] along the row instead of c
    /// (the camera's ROI and resize); null means 0, 1, 2, … The arithmetic is the same for both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(TrackGrid grid, sbyte* sdf, uint* lut, float gx, float gy, float sx, float sy, float* columns, int count, int channels, byte* dst, byte* end)
    {
        int gw = grid.Width, gh = grid.Height;
        int c = 0;
        if (SimdPaths.Avx2)
        {
            var lane = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
            Vector256<float> vgx = Vector256.Create(gx), vgy = Vector256.Create(gy), vsx = Vector256.Create(sx), vsy = Vector256.Create(sy);
            Vector256<int> maxX = Vector256.Create(gw - 1), maxY = Vector256.Create(gh - 1), width = Vector256.Create(gw);
            Vector256<int> bias = Vector256.Create(128);
            var rgbShuffle = Vector256.Create(RgbMask, RgbMask);
            var greyShuffle = Vector256.Create(GreyMask, GreyMask);
            int stride = 8 * channels;
            for (; c + 8 <= count; c += 8)
            {
                // 16 bytes are stored per lane half: stay clear of the buffer's end.
                if (dst + 8 * channels + 16 > end) break;
                // Positions are gx + c·sx exactly as in the scalar loop, so both paths give the same bytes.
                Vector256<float> at = columns is null ? Vector256.Create((float)c) + lane : Vector256.Load(columns + c);
                Vector256<float> vx = vgx + at * vsx, vy = vgy + at * vsy;
                Vector256<int> ix = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32WithTruncation(vx), Vector256<int>.Zero), maxX);
                Vector256<int> iy = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32WithTruncation(vy), Vector256<int>.Zero), maxY);
                Vector256<int> idx = Avx2.Add(Avx2.MultiplyLow(iy, width), ix);
                // 4-byte loads at byte offsets; the grid is padded so the last cell's load stays inside.
                Vector256<int> raw = Avx2.GatherVector256((int*)sdf, idx, 1);
                Vector256<int> v = Avx2.Add(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(raw, 24), 24), bias);
                Vector256<byte> colours = Avx2.GatherVector256(lut, v, 4).AsByte();
                if (channels == 3)
                {
                    Vector256<byte> packed = Avx2.Shuffle(colours, rgbShuffle);
                    Vector128.Store(packed.GetLower(), dst);
                    Vector128.Store(packed.GetUpper(), dst + 12);
                }
                else
                {
                    Vector256<byte> packed = Avx2.Shuffle(colours, greyShuffle);
                    *(uint*)dst = packed.GetLower().AsUInt32().ToScalar();
                    *(uint*)(dst + 4) = packed.GetUpper().AsUInt32().ToScalar();
                }
                dst += stride;
            }
        }
        for (; c < count; c++)
        {
            float at = columns is null ? c : columns[c];
            float px = gx + at * sx, py = gy + at * sy;
            int ix = Math.Clamp((int)px, 0, gw - 1), iy = Math.Clamp((int)py, 0, gh - 1);
            uint colour = lut[sdf[iy * gw + ix] + 128];
            if (channels == 1) *dst++ = (byte)colour;
            else
            {
                dst[0] = (byte)colour;
                dst[1] = (byte)(colour >> 8);
                dst[2] = (byte)(colour >> 16);
                dst += 3;
            }
        }
    }

    /// <summary>Fills a run of pixels with one colour.</summary>
    public static void Fill(byte* dst, int count, int channels, uint colour)
    {
        if (channels == 1)
        {
            new Span<byte>(dst, count).Fill((byte)colour);
            return;
        }
        for (int c = 0; c < count; c++, dst += 3)
        {
            dst[0] = (byte)colour;
            dst[1] = (byte)(colour >> 8);
            dst[2] = (byte)(colour >> 16);
        }
    }
}
