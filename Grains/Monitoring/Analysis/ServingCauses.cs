using System.Globalization;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Causes in how a version serves: CUDA falling back to the CPU, batches shrinking, the batcher not keeping up, and
/// requests whose history the version does not know (input drift).
/// </summary>
internal static class ServingCauses
{
    internal static IEnumerable<CauseCandidate> CpuFallbacks(AnalysisInput input) =>
        input.Devices
            .Where(d => d.Requested == "cuda" && d.Actual != "cuda")
            .GroupBy(d => d.Version)
            .Select(g => new CauseCandidate(
                "cpu-fallback",
                0.9,
                g.Min(d => d.LoadedAt),
                $"v{g.Key} asks for CUDA but runs on the CPU on {g.Count()} silo(s): inference there is slower and batches wait longer",
                $"check the GPU and the CUDA libraries on {string.Join(", ", g.Select(d => d.Silo).Order(StringComparer.Ordinal))} (GET /v1/models/{input.Model}/versions/{g.Key}/status shows each silo's device), or set the device to cpu and size the silos for CPU inference",
                [.. g.Select(d => new CauseEvidence { At = d.LoadedAt, What = $"v{d.Version} loaded on {d.Actual} (config: {d.Requested})", Silo = d.Silo })]));

    internal static IEnumerable<CauseCandidate> BatchingCollapses(AnalysisInput input)
    {
        foreach (var version in input.History.Versions)
        {
            var points = version.Samples.Where(s => s.Batches > 0).Select(s => (s.At, Value: s.MeanBatchSize)).ToArray();
            if (SymptomFinder.Split(points, higherIsWorse: false) is { } split && split.Before >= 2 && split.After <= split.Before * 0.5)
            {
                yield return new CauseCandidate(
                    "batching-collapse",
                    Math.Min(0.8, 1 - (split.After / split.Before)),
                    split.At,
                    string.Create(CultureInfo.InvariantCulture, $"batches of v{version.Version} shrank from {split.Before:0.#} to {split.After:0.#} requests: each request pays a whole model run"),
                    $"check batching in the serving config (maxBatchSize, maxQueueDelay: GET /v1/models/{input.Model}/versions/{version.Version}/config/history) and whether the traffic fell",
                    [new() { At = split.At, What = $"mean batch size of v{version.Version}", Before = split.Before, After = split.After }]);
            }
        }
    }

    internal static IEnumerable<CauseCandidate> QueuePressure(AnalysisInput input, List<Symptom> symptoms) =>
        symptoms
            .Where(s => s.Metric is "shedRatio" or "errorRatio" && s.Before is not null && s.After is not null)
            .GroupBy(s => s.Version)
            .Select(g =>
            {
                var worst = g.MaxBy(s => s.After!.Value - s.Before!.Value)!;
                return new CauseCandidate(
                    "queue-pressure",
                    Math.Min(0.8, 0.4 + (4 * (worst.After!.Value - worst.Before!.Value))),
                    g.Min(s => s.At),
                    $"the batcher of v{worst.Version} cannot keep up: requests are refused (queue full) or miss their deadline while queued",
                    "add silos or runners, raise the serving config's maxQueueSize or the deadline (Rec:Inference:RequestTimeout), or lower maxQueueDelay",
                    [.. g.Select(CauseCandidate.FromSymptom)]);
            });

    internal static IEnumerable<CauseCandidate> InputDrift(AnalysisInput input)
    {
        foreach (var version in input.History.Versions)
        {
            var points = version.Samples.Where(s => s.Requests + s.ColdRequests > 0).Select(s => (s.At, Value: s.ColdShare)).ToArray();
            if (points.Length >= 3 && SymptomFinder.Split(points, higherIsWorse: true) is { } split && split.After - split.Before >= 0.15)
            {
                yield return new CauseCandidate(
                    "input-drift",
                    Math.Min(0.8, 0.4 + (split.After - split.Before)),
                    split.At,
                    string.Create(CultureInfo.InvariantCulture, $"requests whose history v{version.Version} does not know rose from {CauseCandidate.Percent(split.Before)} to {CauseCandidate.Percent(split.After)}: new users or items it was not trained on get the popularity fallback"),
                    "retrain on recent events (rec train) and upload the new version; until then the fallback serves them",
                    [new() { At = split.At, What = $"share of v{version.Version}'s requests with no known history", Before = split.Before, After = split.After }]);
            }
        }
    }
}
