using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// The ceiling for a batch size, without HTTP or any server: one thread per core, each running whole batches of
/// random histories on one shared ONNX Runtime session, inputs prepared once.
/// </summary>
public static class RawOrtLimit
{
    /// <summary>Predictions per second (rows scored) at <paramref name="batch"/> rows per run.</summary>
    public static double Measure(byte[] artifact, ModelConfig config, int batch, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var session = new InferenceSession(artifact);
        var random = new Random(3);
        var histories = Enumerable.Range(0, 256).Select(_ => Enumerable.Range(0, config.HistoryLength).Select(_ => (long)random.Next(1, config.ItemIds.Length + 1)).ToArray()).ToArray();
        var runs = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, c =>
        {
            var input = histories.Skip(c).Take(batch).SelectMany(h => h).ToArray();
            var rows = input.Length / config.HistoryLength;
            using var history = OrtValue.CreateTensorValueFromMemory(input, [rows, config.HistoryLength]);
            using var k = OrtValue.CreateTensorValueFromMemory(new long[] { 10 }, [1]);
            using var options = new RunOptions();
            while (clock.Elapsed < duration)
            {
                using var result = session.Run(options, [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput], [history, k], [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput]);
                Interlocked.Add(ref runs, rows);
            }
        });
        return runs / clock.Elapsed.TotalSeconds;
    }
}
