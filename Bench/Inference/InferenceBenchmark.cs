using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Inference;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Inference;

/// <summary>
/// Raw ONNX Runtime throughput at fixed batch sizes (the limit), then the platform's dynamic batcher under many
/// concurrent callers (model indices in, and item ids in), in the same process and run, in rounds that alternate with
/// raw ONNX Runtime at the batch size the batcher actually formed; the windows' throughputs are averaged.
/// </summary>
public sealed class InferenceBenchmark : IBenchmarkCommand
{
    public string Name => "inference";

    public string Description => "raw ONNX Runtime vs the dynamic batcher [--items 20000] [--dims 64] [--seconds 3] [--warmup 2] [--callers 256] [--delay-ms 1] [--max-batch 128] [--rounds 5] [--window 2] [--device cpu|cuda] [--io-binding auto|always|never]";

    public async Task<int> RunAsync(string[] args)
    {
        var items = Arg(args, "--items", 20_000);
        var dims = Arg(args, "--dims", 64);
        var seconds = Arg(args, "--seconds", 3);
        var warmupSeconds = Arg(args, "--warmup", 2.0);
        var callers = Arg(args, "--callers", 256);
        var delayMs = Arg(args, "--delay-ms", 1.0);
        var maxBatch = Arg(args, "--max-batch", 128);
        var intraOp = Arg(args, "--intra-op", new InferenceOptions().IntraOpThreads);
        var instances = Arg(args, "--instances", 0);
        var device = Arg(args, "--device", "cpu");
        var ioBinding = Enum.Parse<IoBindingMode>(Arg(args, "--io-binding", "auto"), ignoreCase: true);
        var rounds = Arg(args, "--rounds", 5);
        var window = TimeSpan.FromSeconds(Arg(args, "--window", 2.0));
        const int HistoryLength = 50;
        const int K = 10;
        var duration = TimeSpan.FromSeconds(seconds);

        Console.Error.WriteLine($"building a {items} x {dims} model...");
        var (artifact, config) = SyntheticModel.Create(items, dims, HistoryLength);
        config = config with { Batching = config.Batching with { MaxBatchSize = maxBatch, MaxQueueDelay = TimeSpan.FromMilliseconds(delayMs), MaxQueueLength = 100_000, Instances = instances } };
        var histories = RandomHistories(items, HistoryLength, 4096);
        var factory = new OnnxSessionFactory(Options.Create(new InferenceOptions { IntraOpThreads = intraOp, Device = device }), NullLogger<OnnxSessionFactory>.Instance);

        using (var probe = factory.Create("bench", 1, config, artifact).Session)
        {
            Console.WriteLine($"device asked: {device}; {items} items x {dims} dims; history {HistoryLength}; k {K}");
        }

        Console.WriteLine($"| measurement | batch | callers | predictions/s | mean latency (ms) |");
        Console.WriteLine($"| --- | ---: | ---: | ---: | ---: |");
        var raw = new Dictionary<int, double>();
        using (var session = factory.Create("bench", 1, config, artifact).Session)
        {
            foreach (var batch in new[] { 1, 8, 32, 128 })
            {
                raw[batch] = RawThroughput(session, histories, batch, K, Environment.ProcessorCount, duration, out var latency);
                Console.WriteLine($"| raw ONNX Runtime | {batch} | {Environment.ProcessorCount} | {raw[batch]:N0} | {latency:N2} |");
            }
        }

        var created = factory.Create("bench", 1, config, artifact);
        using var model = new LoadedModel("bench", 1, config, created.Session, created.Device, ioBinding: ioBinding, deviceId: created.DeviceId);
        Console.WriteLine($"running on: {created.Device}; I/O binding: {(model.IoBound ? "on" : "off")}");
        await model.WarmUpAsync();

        // Two ways in: model indices (what the raw runs get, and what the Open Inference Protocol endpoint submits) and
        // catalog item ids (the recommendation path: ids mapped to indices, indices decoded back to ids). The target
        // compares the first with raw ONNX Runtime; the second shows what the id mapping adds.
        var ids = histories.Select(h => h.Select(i => model.Config.ItemIds[i - 1]).ToArray()).ToArray();
        var paths = new (string Name, Func<int, Task> Predict)[]
        {
            ("model indices in", n => model.RankAsync(histories[n % histories.Length], K)),
            ("item ids in, mapped and decoded", n => model.PredictAsync(ids[n % ids.Length], K, [])),
        };
        // Warm-up, not counted: the callers' path is compiled and tiered up before any window opens, as raw ONNX
        // Runtime's own runs above warmed its session (without it the window measured the JIT too).
        foreach (var (_, predict) in paths)
        {
            await BatcherThroughputAsync(predict, callers, TimeSpan.FromSeconds(warmupSeconds));
        }

        // Then the ratio's windows, interleaved: each round runs each way in, then raw ONNX Runtime at the batch the
        // first round's model-indices window formed, for --window seconds each, so the ratio compares the same minutes
        // of a shared machine, not consecutive ones.
        var formed = 0;
        var rawWindows = new List<(double Throughput, double Latency)>();
        var batcherWindows = paths.Select(_ => new List<(double Throughput, double MeanBatch, double Latency)>()).ToArray();
        using (var session = factory.Create("bench", 1, config, artifact).Session)
        {
            for (var round = 0; round < rounds; round++)
            {
                for (var p = 0; p < paths.Length; p++)
                {
                    batcherWindows[p].Add(await BatcherThroughputAsync(paths[p].Predict, callers, window));
                }

                formed = formed > 0 ? formed : Math.Clamp((int)Math.Round(batcherWindows[0][0].MeanBatch), 1, maxBatch);
                var limit = RawThroughput(session, histories, formed, K, Environment.ProcessorCount, window, out var rawLatency);
                rawWindows.Add((limit, rawLatency));

                Console.Error.WriteLine($"round {round + 1}/{rounds}: raw at batch {formed} {limit:N0}/s, " + string.Join(", ", paths.Select((p, i) => $"{p.Name} {batcherWindows[i][^1].Throughput:N0}/s")));
            }
        }

        var rawAtFormed = rawWindows.Average(w => w.Throughput);
        for (var p = 0; p < paths.Length; p++)
        {
            var w = batcherWindows[p];
            Console.WriteLine($"| dynamic batcher, {paths[p].Name} (max {maxBatch}, delay {delayMs} ms, {model.Runners} runners{(model.IoBound ? ", I/O bound" : "")}) | {w.Average(x => x.MeanBatch):N1} (mean formed) | {callers} | {w.Average(x => x.Throughput):N0} | {w.Average(x => x.Latency):N2} |");
        }

        Console.WriteLine($"| raw ONNX Runtime at the formed batch | {formed} | {Environment.ProcessorCount} | {rawAtFormed:N0} | {rawWindows.Average(w => w.Latency):N2} |");
        Console.WriteLine();
        Console.WriteLine($"batcher / raw at batch {formed}, {rounds} interleaved windows of {window.TotalSeconds:N1} s each: **{batcherWindows[0].Average(x => x.Throughput) / rawAtFormed:N2}x** with model indices in (target >= 0.9x on CPU); {batcherWindows[1].Average(x => x.Throughput) / rawAtFormed:N2}x with item ids in");
        return 0;
    }

    /// <summary>
    /// Callers each run whole batches on one shared session, inputs prepared once: each caller cycles through 16
    /// batches of different histories, as the batcher sees different requests in every batch.
    /// </summary>
    private static double RawThroughput(InferenceSession session, long[][] histories, int batch, int k, int callers, TimeSpan duration, out double meanLatencyMs)
    {
        var runs = 0L;
        var latencyTicks = 0L;
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            const int Batches = 16;
            var length = histories[0].Length;
            var prepared = new OrtValue[Batches];
            for (var b = 0; b < Batches; b++)
            {
                var input = new long[batch * length];
                for (var r = 0; r < batch; r++)
                {
                    histories[((((c * Batches) + b) * batch) + r) % histories.Length].CopyTo(input, r * length);
                }

                prepared[b] = OrtValue.CreateTensorValueFromMemory(input, [batch, length]);
            }

            using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
            using var runOptions = new RunOptions();
            string[] inputs = [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput];
            string[] outputs = [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput];
            var next = 0;
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                using var result = session.Run(runOptions, inputs, [prepared[next++ % Batches], kValue], outputs);
                Interlocked.Add(ref latencyTicks, Stopwatch.GetTimestamp() - t);
                Interlocked.Increment(ref runs);
            }

            Array.ForEach(prepared, v => v.Dispose());
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        meanLatencyMs = runs == 0 ? 0 : latencyTicks * 1000.0 / Stopwatch.Frequency / runs;
        return runs * batch / stop.Elapsed.TotalSeconds;
    }

    /// <summary>Callers each submit their next request as soon as the last one answered; <paramref name="predict"/> n is the caller's n-th request.</summary>
    private static async Task<(double Throughput, double MeanBatch, double MeanLatencyMs)> BatcherThroughputAsync(
        Func<int, Task> predict, int callers, TimeSpan duration)
    {
        long batches = 0, batched = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecMetrics.MeterName && instrument.Name == "rec.inference.batch_size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref batched, value);
        });
        listener.Start();

        var done = 0L;
        var latencyTicks = 0L;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var n = c;
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                await predict(n++);
                Interlocked.Add(ref latencyTicks, Stopwatch.GetTimestamp() - t);
                Interlocked.Increment(ref done);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        listener.Dispose();
        return (done / elapsed, batches == 0 ? 0 : (double)batched / batches, latencyTicks * 1000.0 / Stopwatch.Frequency / Math.Max(1, done));
    }

    private static long[][] RandomHistories(int items, int length, int count)
    {
        var random = new Random(11);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => (long)random.Next(1, items + 1)).ToArray()).ToArray();
    }

    public static T Arg<T>(string[] args, string name, T fallback) where T : IParsable<T>
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
