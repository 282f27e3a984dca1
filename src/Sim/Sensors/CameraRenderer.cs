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
    readonly double _focal, _sinPitch, _cosPitch;
    int[] _order = [];           // objects far to near, reused
    double[] _depth = [];

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
        _focal = focal;
        _sinPitch = sinT;
        _cosPitch = cosT;
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

    /// <summary>Nearer than this (m, along the view) an object is not drawn: it is in the ego car's own space.</summary>
    const double Near = 0.3;

    /// <summary>
    /// Draws the other cars and obstacles over a frame from <see cref="Render"/>: each a box of its
    /// height standing on the road, filled as the convex outline of its 8 projected corners, far
    /// ones first so near ones cover them.
    /// </summary>
    public void DrawObjects(in CarState car, VehicleParams carParams, Traffic.Traffic traffic, ObjectColours colours, Span<byte> image)
    {
        ReadOnlySpan<Traffic.OrientedBox> boxes = traffic.Boxes;
        ReadOnlySpan<Traffic.RoadObject> objects = traffic.Objects;
        if (boxes.IsEmpty) return;
        if (_order.Length < boxes.Length) { _order = new int[boxes.Length]; _depth = new double[boxes.Length]; }
        var (cx, cy) = car.Centre(carParams);
        double cos = Math.Cos(car.Heading), sin = Math.Sin(car.Heading);
        int n = 0;
        for (int i = 0; i < boxes.Length; i++)
        {
            double forward = (boxes[i].X - cx) * cos + (boxes[i].Y - cy) * sin;
            if (forward + boxes[i].Radius < Near || forward - boxes[i].Radius > FarDistance) continue;
            // Insertion by decreasing depth: a handful of objects are in view.
            int at = n++;
            while (at > 0 && _depth[at - 1] < forward) { _depth[at] = _depth[at - 1]; _order[at] = _order[at - 1]; at--; }
            _depth[at] = forward;
            _order[at] = i;
        }
        Span<double> xs = stackalloc double[8], ys = stackalloc double[8], hx = stackalloc double[16], hy = stackalloc double[16];
        for (int k = 0; k < n; k++)
        {
            int i = _order[k];
            if (Project(boxes[i], objects[i].Height, cx, cy, cos, sin, xs, ys) && Hull(xs, ys, hx, hy) is int corners and > 2)
                Fill(hx[..corners], hy[..corners], colours.Of(objects[i].Kind), image);
        }
    }

    /// <summary>The 8 corners of the box in full-frame pixel coordinates (x right, y down); false when one is behind the near plane.</summary>
    bool Project(in Traffic.OrientedBox box, double height, double cx, double cy, double cos, double sin, Span<double> xs, Span<double> ys)
    {
        int k = 0;
        for (int corner = 0; corner < 4; corner++)
        {
            double a = (corner & 1) == 0 ? box.HalfLength : -box.HalfLength, b = (corner & 2) == 0 ? box.HalfWidth : -box.HalfWidth;
            double wx = box.X + a * box.Cos - b * box.Sin, wy = box.Y + a * box.Sin + b * box.Cos;
            double forward = (wx - cx) * cos + (wy - cy) * sin, left = -(wx - cx) * sin + (wy - cy) * cos;
            for (int top = 0; top < 2; top++, k++)
            {
                double down = CameraHeight - (top == 0 ? 0 : height);
                double depth = forward * _cosPitch + down * _sinPitch;
                if (depth < Near) return false;
                xs[k] = _focal * -left / depth + FrameWidth / 2.0;
                ys[k] = _focal * (-forward * _sinPitch + down * _cosPitch) / depth + FrameHeight / 2.0;
            }
        }
        return true;
    }

    /// <summary>The convex hull (Andrew's monotone chain), counter-clockwise in (x, y); returns its corner count.</summary>
    static int Hull(Span<double> xs, Span<double> ys, Span<double> hx, Span<double> hy)
    {
        // Sort the 8 points by x then y (insertion sort).
        for (int i = 1; i < 8; i++)
            for (int j = i; j > 0 && (xs[j] < xs[j - 1] || (xs[j] == xs[j - 1] && ys[j] < ys[j - 1])); j--)
            {
                (xs[j], xs[j - 1]) = (xs[j - 1], xs[j]);
                (ys[j], ys[j - 1]) = (ys[j - 1], ys[j]);
            }
        int m = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            int start = m;
            for (int t = 0; t < 8; t++)
            {
                int i = pass == 0 ? t : 7 - t;
                while (m >= start + 2 && Cross(hx[m - 2], hy[m - 2], hx[m - 1], hy[m - 1], xs[i], ys[i]) <= 0) m--;
                hx[m] = xs[i]; hy[m] = ys[i]; m++;
            }
            m--; // the last point starts the other chain
        }
        return m;
    }

    static double Cross(double ax, double ay, double bx, double by, double px, double py) => (bx - ax) * (py - ay) - (by - ay) * (px - ax);

    /// <summary>Fills the output pixels whose full-frame sample point lies inside the convex polygon.</summary>
    void Fill(ReadOnlySpan<double> px, ReadOnlySpan<double> py, uint colour, Span<byte> image)
    {
        double top = double.MaxValue, bottom = double.MinValue;
        foreach (double y in py) { top = Math.Min(top, y); bottom = Math.Max(bottom, y); }
        int count = px.Length;
        for (int r = 0; r < Height; r++)
        {
            double y = _sourceRow[r] + 0.5;
            if (y < top || y > bottom) continue;
            // The row crosses a convex outline in one interval.
            double left = double.MaxValue, right = double.MinValue;
            for (int e = 0; e < count; e++)
            {
                int f = e + 1 == count ? 0 : e + 1;
                double y0 = py[e], y1 = py[f];
                if ((y < y0 && y < y1) || (y > y0 && y > y1) || y0 == y1) continue;
                double x = px[e] + (y - y0) / (y1 - y0) * (px[f] - px[e]);
                left = Math.Min(left, x);
                right = Math.Max(right, x);
            }
            if (left > right) continue;
            int rowStart = r * Width;
            for (int c = 0; c < Width; c++)
            {
                double x = _columns[c] + 0.5;
                if (x < left || x > right) continue;
                int o = (rowStart + c) * Channels;
                image[o] = (byte)colour;
                if (Channels == 3) { image[o + 1] = (byte)(colour >> 8); image[o + 2] = (byte)(colour >> 16); }
            }
        }
    }
}
