using System.Globalization;
using System.Text;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// Latency over time, one SVG per catalog: for each system, the slowest answer in every 100 ms of its measured windows
/// (the windows in the order they ran, end to end), on a log scale with the p99 target's 50 ms marked. A stall that holds
/// every request in flight (a collection, a burst of writes) shows as a spike; queueing shows as a raised floor; a
/// slice in which no answer came is a gap in the line.
/// </summary>
public static class LatencyChart
{
    private const double Slice = 0.1;
    private const double TargetMs = 50;
    private const int Width = 960;
    private const int Height = 380;
    private const int Left = 60;
    private const int Right = 200;
    private const int Top = 30;
    private const int Bottom = 40;
    private static readonly string[] Colors = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd"];
    private static readonly double[] Ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];

    /// <summary>
    /// The slowest answer (ms) in each whole 100-ms slice of <paramref name="windows"/>, placed end to end; NaN where no
    /// answer came.
    /// </summary>
    public static double[] SliceMaxima(IReadOnlyList<LoadGenerator.Window> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var maxima = new List<double>();
        foreach (var window in windows)
        {
            var slices = new double[(int)(window.Seconds / Slice)];
            Array.Fill(slices, double.NaN);
            for (var i = 0; i < window.Latencies.Length; i++)
            {
                var slice = (int)(window.AnsweredAt[i] / Slice);
                if (slice < slices.Length)
                {
                    slices[slice] = double.IsNaN(slices[slice]) ? window.Latencies[i] : Math.Max(slices[slice], window.Latencies[i]);
                }
            }

            maxima.AddRange(slices);
        }

        return [.. maxima];
    }

    /// <summary>Writes the chart of <paramref name="series"/> (name, windows) to <paramref name="path"/>.</summary>
    public static void Write(string path, string title, IReadOnlyList<(string Name, IReadOnlyList<LoadGenerator.Window> Windows)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var lines = series.Select(s => (s.Name, Maxima: SliceMaxima(s.Windows))).ToList();
        var top = Ticks.First(t => t >= Math.Max(TargetMs, lines.SelectMany(l => l.Maxima).Where(ms => !double.IsNaN(ms)).DefaultIfEmpty(1).Max()));
        var slices = lines.Max(l => l.Maxima.Length);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int slice) => Left + (plotWidth * slice / (double)Math.Max(1, slices - 1));
        double Y(double ms) => Top + (plotHeight * (1 - (Math.Log10(Math.Max(1, ms)) / Math.Log10(top))));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\">{Escape(title)}</text>\n"));
        foreach (var tick in Ticks.Where(t => t <= top))
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(tick):F1}\" y2=\"{Y(tick):F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:F1}\" text-anchor=\"end\">{tick:N0}</text>\n"));
        }

        svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(TargetMs):F1}\" y2=\"{Y(TargetMs):F1}\" stroke=\"#000\" stroke-dasharray=\"6 4\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + plotWidth + 6}\" y=\"{Y(TargetMs) + 4:F1}\">50 ms (p99 target)</text>\n"));
        for (var second = 0; second * 10 < slices; second += 5)
        {
            svg.Append(Invariant($"<text x=\"{X(second * 10):F1}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{second} s</text>\n"));
        }

        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">measured time (each system's windows end to end); ms, log scale: the slowest answer in each 100 ms</text>\n"));
        for (var i = 0; i < lines.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            foreach (var run in Runs(lines[i].Maxima))
            {
                var points = string.Join(' ', run.Select(p => Invariant($"{X(p.Slice):F1},{Y(p.Ms):F1}")));
                svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.2\" points=\"{points}\"/>\n"));
            }

            svg.Append(Invariant($"<text x=\"{Left + plotWidth + 6}\" y=\"{Top + 14 + (i * 18)}\" fill=\"{color}\">{Escape(lines[i].Name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    /// <summary>The stretches of slices with answers, each a polyline.</summary>
    private static IEnumerable<List<(int Slice, double Ms)>> Runs(double[] maxima)
    {
        var run = new List<(int Slice, double Ms)>();
        for (var slice = 0; slice < maxima.Length; slice++)
        {
            if (!double.IsNaN(maxima[slice]))
            {
                run.Add((slice, maxima[slice]));
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
