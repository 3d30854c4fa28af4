using System.Globalization;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// What got worse in a window: for each version with traffic, each serving figure (p99 latency, error ratio, shed
/// ratio, throughput) is split where its mean before and after differ most; a split that worsens the figure past its
/// threshold is a symptom, dated at the first sample after it. A pure function of the history.
/// </summary>
public static class SymptomFinder
{
    /// <summary>A figure of a sample: its name, how to read it, whether higher is worse, and when a change counts.</summary>
    private sealed record Figure(string Name, Func<HistorySample, double?> Read, bool HigherIsWorse, Func<double, double, bool> Counts, string Unit);

    private static readonly Figure[] Figures =
    [
        new("p99LatencyMs", s => s.Requests > 0 ? s.P99Ms : null, true, (before, after) => after >= before * 1.5 && after - before >= 5, " ms"),
        new("errorRatio", s => s.Attempts > 0 ? s.ErrorRatio : null, true, (before, after) => after - before >= 0.02, ""),
        new("shedRatio", s => s.Attempts > 0 ? s.ShedRatio : null, true, (before, after) => after - before >= 0.02, ""),
        new("throughput", s => s.RequestsPerSecond, false, (before, after) => before >= 0.5 && after <= before * 0.5, " requests/s"),
    ];

    /// <summary>The window's symptoms, earliest first.</summary>
    public static Symptom[] Find(ModelHistory history)
    {
        var symptoms = new List<Symptom>();
        foreach (var version in history.Versions)
        {
            foreach (var figure in Figures)
            {
                var points = version.Samples.Select(s => (s.At, Value: figure.Read(s))).Where(p => p.Value is not null).Select(p => (p.At, Value: p.Value!.Value)).ToArray();
                if (Split(points, figure.HigherIsWorse) is not { } split || !figure.Counts(split.Before, split.After))
                {
                    continue;
                }

                var verb = figure.HigherIsWorse ? "rose" : "fell";
                symptoms.Add(new Symptom
                {
                    Metric = figure.Name,
                    Version = version.Version,
                    At = split.At,
                    Before = split.Before,
                    After = split.After,
                    Explanation = string.Create(CultureInfo.InvariantCulture, $"{figure.Name} of v{version.Version} {verb} from {split.Before:0.###}{figure.Unit} to {split.After:0.###}{figure.Unit}"),
                });
            }
        }

        return [.. symptoms.OrderBy(s => s.At).ThenBy(s => s.Metric, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Where the series worsens most: the split (at least one point each side) with the largest change of mean in the
    /// worse direction; null with fewer than two points or no worsening split.
    /// </summary>
    public static (DateTimeOffset At, double Before, double After)? Split(IReadOnlyList<(DateTimeOffset At, double Value)> points, bool higherIsWorse)
    {
        if (points.Count < 2)
        {
            return null;
        }

        var total = points.Sum(p => p.Value);
        var sumBefore = 0.0;
        (DateTimeOffset At, double Before, double After)? best = null;
        var bestWorsening = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            sumBefore += points[i - 1].Value;
            var before = sumBefore / i;
            var after = (total - sumBefore) / (points.Count - i);
            var worsening = higherIsWorse ? after - before : before - after;
            if (worsening > bestWorsening)
            {
                bestWorsening = worsening;
                best = (points[i].At, before, after);
            }
        }

        return best;
    }
}
