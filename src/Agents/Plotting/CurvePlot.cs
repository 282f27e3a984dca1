using RlLab.Sim;
using ScottPlot;

namespace RlLab.Agents.Plotting;

/// <summary>A series of a plot: a name, x values, and either one y series or several seeds of it.</summary>
public sealed record Curve(string Label, double[] X, double[][] Ys);

/// <summary>Reward curves as PNG: single runs as raw points plus a moving average; seed groups as mean ± std bands.</summary>
public static class CurvePlot
{
    /// <summary>One run: every episode return as a faint line, and its moving average on top.</summary>
    public static void EpisodeReturns(string path, string title, IReadOnlyList<double> returns, int window)
    {
        var plot = new Plot();
        double[] x = Enumerable.Range(1, returns.Count).Select(i => (double)i).ToArray();
        double[] y = [.. returns];
        if (x.Length > 0)
        {
            var raw = plot.Add.ScatterLine(x, y);
            raw.LegendText = "episode return";
            raw.Color = Colors.SteelBlue.WithAlpha(0.35);
            var smooth = plot.Add.ScatterLine(x, MovingAverage(y, window));
            smooth.LegendText = $"mean of last {window}";
            smooth.Color = Colors.DarkBlue;
            smooth.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("episode");
        plot.YLabel("return");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 540, ImageFormat.Png));
    }

    /// <summary>Several curves on one plot; a curve with several Ys is drawn as its mean with a ±1 std band.</summary>
    /// <param name="xTicks">Labels for x = 1, 2, …, when the x axis is categorical (grid points).</param>
    /// <param name="yLimits">Fixed y limits (a rate from 0 to 1, say), else fitted to the data.</param>
    public static void Compare(string path, string title, string xLabel, string yLabel, IReadOnlyList<Curve> curves,
        string[]? xTicks = null, (double Min, double Max)? yLimits = null)
    {
        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            Curve c = curves[i];
            Color color = palette.GetColor(i);
            int n = c.X.Length;
            double[] mean = new double[n], std = new double[n];
            for (int j = 0; j < n; j++)
            {
                (mean[j], std[j]) = MeanStd.Of([.. c.Ys.Select(y => y[j])]);
            }
            if (c.Ys.Length > 1)
            {
                var band = plot.Add.FillY(c.X, mean.Zip(std, (m, s) => m - s).ToArray(), mean.Zip(std, (m, s) => m + s).ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(c.X, mean);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = c.Ys.Length > 1 ? $"{c.Label} (mean ± std of {c.Ys.Length} seeds)" : c.Label;
        }
        if (xTicks is not null)
        {
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(1, xTicks.Length).Select(i => (double)i)], xTicks);
            // Half a step of margin, so that the first and last labels are not cut.
            plot.Axes.SetLimitsX(0.5, xTicks.Length + 0.5);
        }
        if (yLimits is var (min, max)) plot.Axes.SetLimitsY(min, max);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 540, ImageFormat.Png));
    }

    public static double[] MovingAverage(IReadOnlyList<double> y, int window)
    {
        var result = new double[y.Count];
        double sum = 0;
        for (int i = 0; i < y.Count; i++)
        {
            sum += y[i];
            if (i >= window) sum -= y[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
