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
/// concurrent callers, in the same process and run, then raw ONNX Runtime again at the batch size the batcher
/// actually formed.
/// </summary>
public sealed class InferenceBenchmark : IBenchmarkCommand
{
    public string Name => "inference";

    public string Description => "raw ONNX Runtime vs the dynamic batcher [--items 20000] [--dims 64] [--seconds 3] [--warmup 2] [--callers 256] [--delay-ms 1] [--max-batch 128] [--device cpu|cuda] [--io-binding auto|always|never]";

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

        // The same load, not counted, first: the callers' path is compiled and tiered up before the window opens, as
        // raw ONNX Runtime's own runs above warmed its session (without it the window measured the JIT too).
        await BatcherThroughputAsync(model, histories, K, callers, TimeSpan.FromSeconds(warmupSeconds));
        var (throughput, meanBatch, meanLatency) = await BatcherThroughputAsync(model, histories, K, callers, duration);
        Console.WriteLine($"| dynamic batcher (max {maxBatch}, delay {delayMs} ms, {model.Runners} runners{(model.IoBound ? ", I/O bound" : "")}) | {meanBatch:N1} (mean formed) | {callers} | {throughput:N0} | {meanLatency:N2} |");

        var formed = Math.Clamp((int)Math.Round(meanBatch), 1, maxBatch);
        using (var session = factory.Create("bench", 1, config, artifact).Session)
        {
            var limit = RawThroughput(session, histories, formed, K, Environment.ProcessorCount, duration, out var latency);
            Console.WriteLine($"| raw ONNX Runtime at the formed batch | {formed} | {Environment.ProcessorCount} | {limit:N0} | {latency:N2} |");
            Console.WriteLine();
            Console.WriteLine($"batcher / raw at batch {formed}: **{throughput / limit:N2}x** (target >= 0.9x on CPU)");
        }

        return 0;
    }

    /// <summary>Callers each run whole batches on one shared session, inputs prepared once.</summary>
    private static double RawThroughput(InferenceSession session, long[][] histories, int batch, int k, int callers, TimeSpan duration, out double meanLatencyMs)
    {
        var runs = 0L;
        var latencyTicks = 0L;
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            var input = new long[batch * histories[0].Length];
            for (var r = 0; r < batch; r++)
            {
                histories[((c * batch) + r) % histories.Length].CopyTo(input, r * histories[0].Length);
            }

            using var history = OrtValue.CreateTensorValueFromMemory(input, [batch, histories[0].Length]);
            using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
            using var runOptions = new RunOptions();
            string[] inputs = [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput];
            string[] outputs = [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput];
            OrtValue[] values = [history, kValue];
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                using var result = session.Run(runOptions, inputs, values, outputs);
                Interlocked.Add(ref latencyTicks, Stopwatch.GetTimestamp() - t);
                Interlocked.Increment(ref runs);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        meanLatencyMs = runs == 0 ? 0 : latencyTicks * 1000.0 / Stopwatch.Frequency / runs;
        return runs * batch / stop.Elapsed.TotalSeconds;
    }

    private static async Task<(double Throughput, double MeanBatch, double MeanLatencyMs)> BatcherThroughputAsync(
        LoadedModel model, long[][] histories, int k, int callers, TimeSpan duration)
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

        var ids = histories.Select(h => h.Select(i => model.Config.ItemIds[i - 1]).ToArray()).ToArray();
        var done = 0L;
        var latencyTicks = 0L;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var n = c;
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                await model.PredictAsync(ids[n++ % ids.Length], k, []);
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
