using System.Diagnostics;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tools.Compression;

/// <summary>Size at rest and throughput of models, measured the way the platform stores and runs them.</summary>
public static class CompressionMeasurements
{
    private const int Rounds = 5;
    private const int WarmUpBatches = 3;

    /// <summary>
    /// The size the artifact pipeline stores <paramref name="onnx"/> in before encryption: quantized as at upload
    /// (<see cref="OnnxQuantizer"/>), then compressed (<see cref="ArtifactCompressionStreams"/>). Encryption adds a fixed
    /// few bytes per segment on top.
    /// </summary>
    public static long StoredBytes(byte[] onnx, ArtifactQuantization quantization, ArtifactCompression compression)
    {
        var served = OnnxQuantizer.Quantize(onnx, quantization);
        using var output = new MemoryStream();
        using (var compress = ArtifactCompressionStreams.Compress(output, compression))
        {
            compress.Write(served);
        }

        return output.Length;
    }

    /// <summary>
    /// Predictions per second of two models through ONNX Runtime on the CPU, in batches of <paramref name="batch"/>
    /// histories: the models take turns (<c>5</c> rounds each, after a warm-up) within <paramref name="time"/>, and each
    /// model's figure is the median of its rounds, so a noisy neighbour hurts both alike.
    /// </summary>
    public static (double First, double Second) Throughput(
        (byte[] Onnx, ArtifactQuantization Quantization, IReadOnlyList<long[]> Histories) first,
        (byte[] Onnx, ArtifactQuantization Quantization, IReadOnlyList<long[]> Histories) second,
        int batch,
        int k,
        TimeSpan time,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        using var a = new OnnxRecommender(first.Onnx, first.Quantization);
        using var b = new OnnxRecommender(second.Onnx, second.Quantization);
        var batchesA = Batches(first.Histories, batch);
        var batchesB = Batches(second.Histories, batch);
        Run(a, batchesA, k, WarmUpBatches);
        Run(b, batchesB, k, WarmUpBatches);
        var slice = time / (2 * Rounds);
        var ratesA = new double[Rounds];
        var ratesB = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ratesA[round] = Rate(a, batchesA, k, slice, batch);
            ratesB[round] = Rate(b, batchesB, k, slice, batch);
        }

        return (Median(ratesA), Median(ratesB));
    }

    private static List<long[][]> Batches(IReadOnlyList<long[]> histories, int batch)
    {
        if (histories.Count == 0)
        {
            throw new InvalidDataException("no held-out history to measure throughput with");
        }

        // Whole batches only, cycling through the histories when there are fewer than one batch.
        var count = Math.Max(1, histories.Count / batch);
        var batches = new List<long[][]>(count);
        for (var i = 0; i < count; i++)
        {
            batches.Add([.. Enumerable.Range(i * batch, batch).Select(j => histories[j % histories.Count])]);
        }

        return batches;
    }

    private static void Run(OnnxRecommender recommender, List<long[][]> batches, int k, int count)
    {
        for (var i = 0; i < count; i++)
        {
            recommender.Recommend(batches[i % batches.Count], k);
        }
    }

    private static double Rate(OnnxRecommender recommender, List<long[][]> batches, int k, TimeSpan slice, int batch)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            recommender.Recommend(batches[calls % batches.Count], k);
            calls++;
        }
        while (clock.Elapsed < slice);

        return calls * (double)batch / clock.Elapsed.TotalSeconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
