using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Measures how often a quantized model recommends what the uploaded one does: the mean overlap of their top-k lists
/// over deterministic random probe histories of the model's own items (k = the config's default k).
/// </summary>
public static class AgreementProbe
{
    private const int Seed = 20261127;
    private const int MaxProbeLength = 10;

    public static async Task<(double Agreement, int K)> MeasureAsync(byte[] original, byte[] quantized, ArtifactQuantization quantization, ModelConfig config, int probes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var k = Math.Max(1, Math.Min(config.TopK.Default, config.ItemIds.Length));
        using var reference = new LoadedModel("probe", 0, config, OnnxSessionFactory.CreateForProbe(original, ArtifactQuantization.None), "cpu");
        using var candidate = new LoadedModel("probe", 0, config, OnnxSessionFactory.CreateForProbe(quantized, quantization), "cpu");
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

        // All probes at once: the batchers score them in a few runs.
        var expectedAll = await Task.WhenAll(histories.Select(h => reference.PredictAsync(h, k, [])));
        var actualAll = await Task.WhenAll(histories.Select(h => candidate.PredictAsync(h, k, [])));
        var total = 0.0;
        for (var p = 0; p < probes; p++)
        {
            var expected = expectedAll[p].Items;
            var actual = actualAll[p].Items;
            if (expected.Length == 0)
            {
                total += actual.Length == 0 ? 1 : 0;
                continue;
            }

            var set = expected.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            total += (double)actual.Count(i => set.Contains(i.ItemId)) / expected.Length;
        }

        return (total / probes, k);
    }
}
