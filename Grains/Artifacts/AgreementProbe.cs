using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Measures how often a candidate model (quantized, pruned, distilled) recommends what a reference model does: the mean
/// overlap of their top-k lists, by external item id, scored through the serving path (<see cref="LoadedModel"/>).
/// At upload the histories are deterministic random probes of the model's own items; <c>rec compress</c> passes real
/// held-out histories.
/// </summary>
public static class AgreementProbe
{
    private const int Seed = 20261127;
    private const int MaxProbeLength = 10;

    // Histories submitted at once: enough to fill the batches, and never more than the config's queue holds.
    private const int Wave = 512;

    /// <summary>The agreement of a quantized model with the uploaded one on <paramref name="probes"/> random histories (k = the config's default k).</summary>
    public static async Task<(double Agreement, int K)> MeasureAsync(byte[] original, byte[] quantized, ArtifactQuantization quantization, ModelConfig config, int probes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var k = Math.Max(1, Math.Min(config.TopK.Default, config.ItemIds.Length));
        var random = new Random(Seed);
        var histories = new string[probes][];
        for (var p = 0; p < probes; p++)
        {
            var length = 1 + random.Next(Math.Min(MaxProbeLength, config.HistoryLength));
            histories[p] = new string[length];
            for (var i = 0; i < length; i++)
            {
                histories[p][i] = config.ItemIds[random.Next(config.ItemIds.Length)];
            }
        }

        var agreement = await MeasureAsync(
            new ProbedModel(original, config, ArtifactQuantization.None),
            new ProbedModel(quantized, config, quantization),
            histories,
            k);
        return (agreement, k);
    }

    /// <summary>
    /// The mean top-<paramref name="k"/> overlap of <paramref name="candidate"/> with <paramref name="reference"/> on
    /// <paramref name="histories"/> (external item ids, oldest first). The models may know different items: a history
    /// item a model does not know is ignored by it, as when serving.
    /// </summary>
    public static async Task<double> MeasureAsync(ProbedModel reference, ProbedModel candidate, IReadOnlyList<string[]> histories, int k)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (histories.Count == 0)
        {
            return 1;
        }

        using var expectedModel = new LoadedModel("probe", 0, reference.Config, OnnxSessionFactory.CreateForProbe(reference.Artifact, reference.Quantization), "cpu");
        using var actualModel = new LoadedModel("probe", 0, candidate.Config, OnnxSessionFactory.CreateForProbe(candidate.Artifact, candidate.Quantization), "cpu");
        var total = 0.0;
        var size = Math.Min(Wave, Math.Min(reference.Config.Batching.MaxQueueLength, candidate.Config.Batching.MaxQueueLength));
        for (var start = 0; start < histories.Count; start += size)
        {
            var wave = histories.Skip(start).Take(size).ToArray();

            // A wave at once: the batchers score it in a few runs. It fits the queue and has no deadline, so nothing is refused.
            var expectedAll = await Task.WhenAll(wave.Select(h => expectedModel.PredictAsync(h, k, [])));
            var actualAll = await Task.WhenAll(wave.Select(h => actualModel.PredictAsync(h, k, [])));
            for (var p = 0; p < wave.Length; p++)
            {
                total += Overlap(expectedAll[p].Items.Select(i => i.ItemId).ToArray(), actualAll[p].Items.Select(i => i.ItemId).ToArray());
            }
        }

        return total / histories.Count;
    }

    /// <summary>The share of <paramref name="expected"/> that <paramref name="actual"/> also holds (1 when both are empty, 0 when only the expected list is).</summary>
    public static double Overlap(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count == 0)
        {
            return actual.Count == 0 ? 1 : 0;
        }

        var set = expected.ToHashSet(StringComparer.Ordinal);
        return (double)actual.Count(set.Contains) / expected.Count;
    }
}
