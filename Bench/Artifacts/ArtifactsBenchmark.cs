using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Artifacts;

/// <summary>
/// <c>artifacts [--items N] [--dims D] [--runs R]</c>: throughput of each artifact pipeline stage and of the whole
/// pipeline in both directions, and the load time (decrypt → decompress → verify → ONNX session → warm-up) of a
/// recommender with N items × D dims (default 400,000 × 64, ~102 MB fp32). Prints a Markdown section.
/// </summary>
public sealed class ArtifactsBenchmark : IBenchmarkCommand
{
    public string Name => "artifacts";

    public string Description => "Artifact pipeline MB/s per stage and end to end, and model load time (--items, --dims, --runs)";

    public async Task<int> RunAsync(string[] args)
    {
        var items = Option(args, "--items", 400_000);
        var dims = Option(args, "--dims", 64);
        var runs = Option(args, "--runs", 3);

        Console.Error.WriteLine($"building a {items:N0} x {dims} model...");
        var (artifact, config) = BuildModel(items, dims);
        var megabytes = artifact.Length / 1e6;
        var rows = new List<(string Stage, string Direction, double Seconds, long Bytes)>();
        var key = RandomNumberGenerator.GetBytes(32);

        rows.Add(("SHA-256", "either", Median(runs, () => SHA256.HashData(artifact)), artifact.Length));
        foreach (var compression in new[] { ArtifactCompression.Gzip, ArtifactCompression.Zstd })
        {
            var compressed = Compress(artifact, compression);
            var name = ArtifactCompressionStreams.Name(compression);
            rows.Add(($"{name} compress (to {100.0 * compressed.Length / artifact.Length:0.0}%)", "write", Median(runs, () => Compress(artifact, compression)), artifact.Length));
            rows.Add(($"{name} decompress", "read", Median(runs, () => Decompress(compressed, compression, artifact.Length)), artifact.Length));
        }

        var ciphertext = Encrypt(artifact, key);
        rows.Add(("AES-256-GCM, 64 KiB segments, encrypt", "write", Median(runs, () => Encrypt(artifact, key)), artifact.Length));
        rows.Add(("AES-256-GCM, 64 KiB segments, decrypt", "read", Median(runs, () => Decrypt(ciphertext, key, artifact.Length)), artifact.Length));

        using var folder = new TempFolder();
        var keys = new KeyRing(Keys(key), file: null);
        var pipeline = new ArtifactPipeline(new LocalFolderArtifactStore(folder.Path), keys, Options.Create(new ArtifactOptions()), TimeProvider.System);
        var manifests = new Dictionary<string, ArtifactManifest>();
        var sessions = new OnnxSessionFactory(Options.Create(new InferenceOptions()), NullLogger<OnnxSessionFactory>.Instance);
        var loads = new List<(string Variant, double ReadSeconds, double LoadSeconds, long AtRest, double? Agreement)>();
        foreach (var (variant, compression, quantization) in new[]
        {
            ("none + gzip", ArtifactCompression.Gzip, ArtifactQuantization.None),
            ("none + zstd", ArtifactCompression.Zstd, ArtifactQuantization.None),
            ("int8 + zstd", ArtifactCompression.Zstd, ArtifactQuantization.Int8),
        })
        {
            var served = artifact;
            double? agreement = null;
            if (quantization != ArtifactQuantization.None)
            {
                var clock = Stopwatch.StartNew();
                served = OnnxQuantizer.Quantize(artifact, quantization);
                var quantizeSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                agreement = (await AgreementProbe.MeasureAsync(artifact, served, quantization, config, probes: 200)).Agreement;
                rows.Add(("int8 quantize", "write", quantizeSeconds, artifact.Length));
                rows.Add(("int8 agreement probe (200 histories)", "write", clock.Elapsed.TotalSeconds, artifact.Length));
            }

            var settings = new ArtifactWriteSettings { Compression = compression, Quantization = quantization };
            var write = Median(runs, () => manifests[variant] = pipeline.WriteAsync(variant.Replace(' ', '_').Replace('+', 'p'), new MemoryStream(served, writable: false), settings).GetAwaiter().GetResult());
            var manifest = manifests[variant];
            var folderName = variant.Replace(' ', '_').Replace('+', 'p');
            var read = Median(runs, () => pipeline.ReadAllAsync(folderName, manifest).GetAwaiter().GetResult());
            rows.Add(($"pipeline end to end ({variant})", "write", write, served.Length));
            rows.Add(($"pipeline end to end ({variant})", "read", read, served.Length));

            var load = Median(runs, () =>
            {
                var plaintext = pipeline.ReadAllAsync(folderName, manifest).GetAwaiter().GetResult();
                var created = sessions.Create("bench", 1, config, plaintext, quantization);
                using var loaded = new LoadedModel("bench", 1, config, created.Session, created.Device);
                loaded.WarmUpAsync().GetAwaiter().GetResult();
            });
            loads.Add((variant, read, load, manifest.CiphertextBytes, agreement));
        }

        await Console.Out.WriteAsync(Markdown(items, dims, runs, artifact.Length, megabytes, rows, loads));
        return 0;
    }

    private static string Markdown(
        int items,
        int dims,
        int runs,
        long modelBytes,
        double megabytes,
        List<(string Stage, string Direction, double Seconds, long Bytes)> rows,
        List<(string Variant, double ReadSeconds, double LoadSeconds, long AtRest, double? Agreement)> loads)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Model: {items:N0} items × {dims} dims, {modelBytes:N0} bytes ({megabytes:0.0} MB) of fp32 ONNX; median of {runs} runs. MB/s are of the model each stage handles before compression (10^6 bytes per MB; the int8 pipeline rows count the quantized model).");
        text.AppendLine();
        text.AppendLine("| stage | direction | seconds | MB/s |");
        text.AppendLine("| --- | --- | ---: | ---: |");
        foreach (var (stage, direction, seconds, bytes) in rows)
        {
            text.AppendLine(c, $"| {stage} | {direction} | {seconds:0.000} | {bytes / 1e6 / seconds:0} |");
        }

        text.AppendLine();
        text.AppendLine("| variant | at rest (bytes) | smaller than fp32 by | top-10 agreement | read + verify (s) | load: read + session + warm-up (s) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (variant, read, load, atRest, agreement) in loads)
        {
            text.AppendLine(c, $"| {variant} | {atRest:N0} | {(double)modelBytes / atRest:0.00}× | {(agreement is double a ? a.ToString("0.0000", c) : "—")} | {read:0.000} | {load:0.000} |");
        }

        return text.ToString();
    }

    private static (byte[] Artifact, ModelConfig Config) BuildModel(int items, int dims)
    {
        var random = new Random(42);
        var table = new float[(items + 1) * dims];
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5);
        }

        var artifact = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(table, items + 1, dims));
        var config = new ModelConfig
        {
            Signature = RecommenderOnnxBuilder.Signature(),
            ItemIds = Enumerable.Range(0, items).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            HistoryLength = 20,
        };
        return (artifact, config);
    }

    private static ArtifactKeyOptions Keys(byte[] key)
    {
        var options = new ArtifactKeyOptions { LocalKeyFile = false, Active = "bench" };
        options.Kek["bench"] = Convert.ToBase64String(key);
        return options;
    }

    private static byte[] Compress(byte[] data, ArtifactCompression compression)
    {
        using var output = new MemoryStream();
        using (var stream = ArtifactCompressionStreams.Compress(output, compression))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data, ArtifactCompression compression, int length)
    {
        var output = new byte[length];
        using var stream = ArtifactCompressionStreams.Decompress(new MemoryStream(data), compression);
        stream.ReadExactly(output);
        return output;
    }

    private static byte[] Encrypt(byte[] data, byte[] key)
    {
        using var output = new MemoryStream(data.Length + (data.Length / 1000) + 1024);
        using (var encrypt = new SegmentedEncryptStream(output, key, SegmentedAesGcm.DefaultSegmentBytes))
        {
            encrypt.Write(data);
            encrypt.CompleteAsync().GetAwaiter().GetResult();
        }

        return output.ToArray();
    }

    private static byte[] Decrypt(byte[] data, byte[] key, int length)
    {
        var output = new byte[length];
        using var stream = new SegmentedDecryptStream(new MemoryStream(data), key);
        stream.ReadExactly(output);
        return output;
    }

    private static double Median(int runs, Action action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static double Median(int runs, Func<object> action) => Median(runs, () => { _ = action(); });

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rec-bench-artifacts-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
