using RlLab.Sim.Tracks;
using RlLab.Sim.Vehicles;

namespace RlLab.Sim.Sensors;

/// <summary>
/// The VISTA-like dashcam: a pinhole camera at the car body's centre, <see cref="CameraHeight"/>
/// above the road and tilted down by the pitch, looking ahead; H×W×C bytes, row 0 at the top.
/// For a flat ground, every image row below the horizon sees the road at one forward distance and
/// the lateral position grows linearly along the row. Those per-row values are precomputed, so a
/// frame walks each row with two additions per pixel, one byte load from the track's signed-distance
/// grid and one palette lookup. Rows above the horizon are sky; rows past <see cref="FarDistance"/> are grass.
/// With a <see cref="CameraRoi"/>, only the region of interest is drawn, straight at the output size:
/// each output pixel is traced through the full-frame pixel it samples, so the bytes equal the full
/// frame cropped and resized (nearest pixel) at the cost of the output's pixels only.
/// </summary>
public sealed unsafe class CameraRenderer
{
    public const double FarDistance = 250;
    /// <summary>Images at least this wide read the track's fine grid (0.125 m cells).</summary>
    public const int FineGridWidth = 128;

    readonly double[] _forward, _lateral0, _lateralStep;
    readonly byte[] _kind; // 0 sky, 1 ground, 2 far ground
    readonly int[] _sourceRow;   // output row → full-frame row
    readonly float[] _columns;   // output column → full-frame column

    /// <param name="width">The full frame's width (the camera's intrinsics).</param>
    /// <param name="height">The full frame's height.</param>
    /// <param name="roi">The part of the frame drawn and its output size; null: the whole frame.</param>
    public CameraRenderer(int width, int height, int channels, double fovDegrees, double cameraHeight, double pitchDegrees, CameraRoi? roi = null)
    {
        if (channels is not (1 or 3)) throw new ArgumentException("camera images have 1 or 3 channels");
        if (!(fovDegrees is > 0 and < 180)) throw new ArgumentException("the camera's field of view must be in (0, 180) degrees");
        roi ??= CameraRoi.Full(width, height);
        roi.Validate(width, height);
        Roi = roi;
        FrameWidth = width;
        FrameHeight = height;
        Width = roi.OutputWidth;
        Height = roi.OutputHeight;
        _sourceRow = new int[Height];
        for (int r = 0; r < Height; r++) _sourceRow[r] = roi.SourceRow(r);
        _columns = new float[Width];
        for (int c = 0; c < Width; c++) _columns[c] = roi.SourceColumn(c);
        Channels = channels;
        FieldOfView = fovDegrees;
        CameraHeight = cameraHeight;
        Pitch = pitchDegrees;
        double focal = width / 2.0 / Math.Tan(fovDegrees * Math.PI / 360);
        double th = pitchDegrees * Math.PI / 180, sinT = Math.Sin(th), cosT = Math.Cos(th);
        _forward = new double[height];
        _lateral0 = new double[height];
        _lateralStep = new double[height];
        _kind = new byte[height];
        HorizonRow = height / 2.0 - focal * Math.Tan(th);
        for (int r = 0; r < height; r++)
        {
            // Ray through the pixel in the car frame (forward, left, up), x right / y down in the image.
            double v = r + 0.5 - height / 2.0;
            double down = focal * sinT + v * cosT;
            if (down <= 1e-9) { _kind[r] = 0; continue; }
            double t = cameraHeight / down;
            _forward[r] = t * (focal * cosT - v * sinT);
            _lateralStep[r] = -t;                        // left decreases to the right
            _lateral0[r] = -t * (0.5 - width / 2.0);
            _kind[r] = _forward[r] > FarDistance ? (byte)2 : (byte)1;
        }
    }

    /// <summary>The output image's width (the ROI's output width; the frame's width without a ROI).</summary>
    public int Width { get; }
    /// <summary>The output image's height.</summary>
    public int Height { get; }
    /// <summary>The full frame the camera's intrinsics are defined on.</summary>
    public int FrameWidth { get; }
    public int FrameHeight { get; }
    public CameraRoi Roi { get; }
    public int Channels { get; }
    public double FieldOfView { get; }
    public double CameraHeight { get; }
    public double Pitch { get; }
    /// <summary>Whether frames read <see cref="Track.FineGrid"/> (wide frames, where a 0.25 m cell spans many pixels near the car).</summary>
    public bool UsesFineGrid => FrameWidth >= FineGridWidth;
    /// <summary>The full frame's row of the horizon (may lie outside the frame).</summary>
    public double HorizonRow { get; }

    public void Render(Track track, in CarState car, VehicleParams carParams, ReadOnlySpan<uint> table, uint skyPixel, Span<byte> image)
    {
        if (image.Length < Width * Height * Channels) throw new ArgumentException("image buffer too small");
        TrackGrid grid = UsesFineGrid ? track.FineGrid : track.Grid;
        var (cx, cy) = car.Centre(carParams);
        double cos = Math.Cos(car.Heading), sin = Math.Sin(car.Heading), inv = grid.InvCell;
        int w = Width, ch = Channels, rowBytes = w * ch;
        uint grass = table[127 + 128];
        fixed (sbyte* sdf = grid.PaddedSignedDistance)
        fixed (uint* lut = table)
        fixed (byte* dst = image)
        fixed (float* cols = _columns)
        {
            byte* end = dst + Height * rowBytes;
            for (int r = 0; r < Height; r++)
            {
                byte* p = dst + r * rowBytes;
                int s = _sourceRow[r];
                if (_kind[s] != 1)
                {
                    GroundSampler.Fill(p, w, ch, _kind[s] == 0 ? skyPixel : grass);
                    continue;
                }
                double f = _forward[s], l0 = _lateral0[s], dl = _lateralStep[s];
                float gx = (float)((cx + f * cos - l0 * sin - grid.X0) * inv);
                float gy = (float)((cy + f * sin + l0 * cos - grid.Y0) * inv);
                GroundSampler.Row(grid, sdf, lut, gx, gy, (float)(-dl * sin * inv), (float)(dl * cos * inv), cols, w, ch, p, end);
            }
        }
    }
}
